package io.camelworker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * The command line of a sandbox process: the worker's own java and class path, a small heap that ends the process on
 * {@code OutOfMemoryError}, the serial collector, then the configured options, and {@link SandboxChild} as main class.
 */
final class ChildCommand {

    /** Main class of a Spring Boot executable jar of the JAR layout. */
    static final String BOOT_JAR_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";
    /**
     * The Spring Boot launcher that runs another main class of the same jar ({@code -Dloader.main}); also the main class
     * of the worker's own jar (ZIP layout: it reads {@code loader.path}).
     */
    static final String BOOT_PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private ChildCommand() {
    }

    /** The command for the current JVM's java and class path. */
    static List<String> of(SandboxProperties properties) {
        return of(javaExecutable(), System.getProperty("java.class.path"), properties);
    }

    static List<String> of(String java, String classPath, SandboxProperties properties) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx" + properties.getHeap().toMegabytes() + "m");
        // -XX:+ExitOnOutOfMemoryError: a parse that outgrows the heap ends the process with exit code 3, which the
        // worker reads as "the content needs more than the sandbox's heap" instead of a half-broken JVM going on.
        command.add("-XX:+ExitOnOutOfMemoryError");
        // The JVM's own messages ("Terminating due to java.lang.OutOfMemoryError") go to stderr, not into the frames.
        command.add("-XX:+DisplayVMOutputToStderr");
        command.add("-XX:+UseSerialGC");
        command.add("-Xss1m");
        // The JIT and the processors are the worker's: an extraction digests every byte (MD5 has its fast path in C2
        // code only) and writes a zip's entries on several threads. C1 only with one processor took 1.9 to 2.8 times as
        // long as the in-process extraction of a 1 GiB zip (BENCHMARKS.md, sandbox cost).
        command.add("-Djava.awt.headless=true");
        command.addAll(properties.getJvmOptions());
        if (isBootJar(classPath)) {
            command.add("-cp");
            command.add(classPath);
            command.add("-Dloader.main=" + SandboxChild.class.getName());
            command.add(BOOT_PROPERTIES_LAUNCHER);
        } else {
            // The image's extracted jar (its manifest Class-Path names the libraries), surefire and the IDE.
            command.add("-cp");
            command.add(classPath);
            command.add(SandboxChild.class.getName());
        }
        return command;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Whether the class path is one Spring Boot executable jar, whose classes only its launcher can load. */
    static boolean isBootJar(String classPath) {
        if (classPath == null || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")
                || !Files.isRegularFile(Path.of(classPath))) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            String mainClass = jar.getManifest() == null ? null
                    : jar.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            return BOOT_JAR_LAUNCHER.equals(mainClass) || BOOT_PROPERTIES_LAUNCHER.equals(mainClass);
        } catch (IOException e) {
            return false;
        }
    }
}
