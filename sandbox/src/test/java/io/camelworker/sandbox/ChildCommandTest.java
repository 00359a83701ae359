package io.camelworker.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/** A sandbox process loads the worker's classes however the worker was started. */
class ChildCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {ChildCommand.BOOT_JAR_LAUNCHER, ChildCommand.BOOT_PROPERTIES_LAUNCHER})
    void aSpringBootJarStartsItsChildThroughItsLauncherWhicheverLayoutItHas(String launcher) throws IOException {
        Path jar = jarStartedBy(launcher);

        assertThat(ChildCommand.of("java", jar.toString(), SandboxPoolIT.properties(Duration.ofSeconds(5))))
                .endsWith("-cp", jar.toString(), "-Dloader.main=" + SandboxChild.class.getName(),
                        ChildCommand.BOOT_PROPERTIES_LAUNCHER);
    }

    @Test
    void theImagesClassPathOfTheExtractedJarAndTheExtensionsStartsTheChildClassDirectly() {
        String classPath = "camel-worker.jar:/extensions/*";

        assertThat(ChildCommand.of("java", classPath, SandboxPoolIT.properties(Duration.ofSeconds(5))))
                .endsWith("-cp", classPath, SandboxChild.class.getName());
    }

    private Path jarStartedBy(String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Path jar = dir.resolve("worker.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
