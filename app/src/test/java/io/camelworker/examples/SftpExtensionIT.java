package io.camelworker.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.fixtures.InProcessSftp;
import io.camelworker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static io.camelworker.examples.SftpStorageWorkerIT.md5;
import static io.camelworker.examples.SftpStorageWorkerIT.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The distribution jar as packaged, with no connector of its own, runs examples/sftp-storage-worker.camel.yaml once
 * the jars of camel-ftp are in a directory named by {@code LOADER_PATH}: resolved here by Maven from
 * examples/sftp-extension/pom.xml as docs/storage-backends.md tells users, less the jars the worker already carries.
 * An integration test (failsafe, {@code mvn verify}): it needs {@code app/target/camel-worker.jar} of this build.
 */
class SftpExtensionIT {

    static final Path JAR = Path.of("app/target/camel-worker.jar");
    static final Path EXTENSION_POM = Path.of("examples/sftp-extension/pom.xml");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static Path extensions;
    static InProcessSftp sftp;
    static Path input;

    @BeforeAll
    static void resolveTheExtensionAndStartTheServer() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " is not packaged: this test runs in mvn verify, after package");
        extensions = Files.createDirectory(work.resolve("extensions"));
        copyDependencies(EXTENSION_POM, extensions);
        removeWhatTheJarCarries(extensions);
        sftp = InProcessSftp.start();
        Files.createDirectories(sftp.root().resolve("archive"));
        input = Files.createDirectory(work.resolve("input"));
    }

    @AfterAll
    static void stopTheServer() throws IOException {
        if (sftp != null) {
            sftp.close();
        }
    }

    @Test
    void theExtensionDirectoryHoldsCamelFtpAndNoJarTheWorkerCarries() throws IOException {
        List<String> workerLibraries = libraries(JAR);

        assertThat(names(extensions)).anyMatch(name -> name.startsWith("camel-ftp-4"))
                .anyMatch(name -> name.startsWith("jsch-"))
                .noneMatch(workerLibraries::contains);
        assertThat(workerLibraries).noneMatch(name -> name.startsWith("camel-ftp"));
    }

    @Test
    void theStockJarStoresOnTheSftpServerWithCamelFtpFromLoaderPath() throws Exception {
        String type = FakeWorkerManager.uniqueType("sftp-extension-worker");
        byte[] content = random(300_000);
        Path source = Files.write(input.resolve("a.dat"), content);

        try (FakeWorkerManager manager = new FakeWorkerManager(type);
             WorkerProcess worker = startWorker(type, Map.of("LOADER_PATH", extensions.toString(),
                     "SFTP_PASSWORD", sftp.password()))) {
            await().atMost(WorkerProcess.STARTUP).until(() -> WorkerProcess.heartbeats(manager, type) > 0
                    || !worker.isAlive());
            assertThat(worker.isAlive()).as(worker::log).isTrue();

            String id = manager.submit(JSON.createObjectNode().put("url", source.toUri().toString())
                    .put("checksum", md5(content)).put("algorithm", "MD5").put("destinationDirectory", "2026/12")
                    .toString());
            FakeWorkerManager.Response answer = manager.awaitAnswer(id, Duration.ofSeconds(60));

            assertThat(answer.status()).as(answer.messages() + "\n" + worker.log()).isEqualTo("SUCCESS");
            assertThat(answer.contentJson()).isEqualTo(JSON.readTree("""
                    {"url":"%s","checksum":"%s","fileSize":300000}""".formatted(sftp.url("archive/2026/12/a.dat"),
                    md5(content))));
            assertThat(sftp.root().resolve("archive/2026/12/a.dat")).hasBinaryContent(content);
            assertThat(worker.log()).doesNotContain(sftp.password());
        }
    }

    @Test
    void withoutTheExtensionTheSameWorkerDoesNotStartAndSaysWhereTheComponentGoes() throws Exception {
        String type = FakeWorkerManager.uniqueType("sftp-extension-missing");

        try (WorkerProcess worker = startWorker(type, Map.of("SFTP_PASSWORD", sftp.password()))) {

            assertThat(worker.awaitExit(WorkerProcess.STARTUP)).as(worker::log).isTrue();
            assertThat(worker.exitValue()).isNotZero();
            assertThat(worker.log()).contains("worker.storage.endpoints[0].uri (endpoint 'archive'): no Camel "
                    + "component 'sftp' on the class path; add its jars to the worker's loader.path (LOADER_PATH) or "
                    + "its dependency to the build (see docs/storage-backends.md)");
        }
    }

    /** The example's worker, started from the packaged jar as its comment says, with its settings as arguments. */
    private static WorkerProcess startWorker(String type, Map<String, String> environment) throws IOException {
        return WorkerProcess.startJar(work, type, JAR, environment,
                List.of("-Xmx352m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError"),
                "--worker.routes=file:examples/sftp-storage-worker.camel.yaml",
                "--worker.type=" + type,
                "--worker.instance-id=" + type,
                "--worker.tenants=project1",
                "--worker.heartbeat-interval=1s",
                "--worker.files.allowed-roots=" + input,
                "--archive.url=" + sftp.url("archive/"),
                "--worker.storage.endpoints[0].name=archive",
                "--worker.storage.endpoints[0].url=" + sftp.url("archive/"),
                "--worker.storage.endpoints[0].uri=" + sftp.camelUri("archive", "sftp.password"),
                "--server.port=0");
    }

    /** What a user runs: Maven copies the extension's jars, at the versions of the worker's build. */
    private static void copyDependencies(Path pom, Path directory) throws Exception {
        Path log = work.resolve("maven.log");
        Process maven = new ProcessBuilder("mvn", "-B", "-f", pom.toString(), "dependency:copy-dependencies",
                "-DincludeScope=runtime", "-DoutputDirectory=" + directory.toAbsolutePath())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("mvn copy-dependencies ended").isTrue();
        assertThat(maven.exitValue()).as(() -> readLog(log)).isZero();
    }

    /** Keeps only what the worker lacks: a second copy of a library the jar carries could shadow its own. */
    private static void removeWhatTheJarCarries(Path directory) throws IOException {
        for (String library : libraries(JAR)) {
            Files.deleteIfExists(directory.resolve(library));
        }
    }

    /** The file names of the libraries in the jar's BOOT-INF/lib. */
    private static List<String> libraries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().filter(entry -> !entry.isDirectory()).map(JarEntry::getName)
                    .filter(name -> name.startsWith("BOOT-INF/lib/"))
                    .map(name -> name.substring("BOOT-INF/lib/".length())).toList();
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
