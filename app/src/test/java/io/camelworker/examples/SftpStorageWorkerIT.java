package io.camelworker.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.fixtures.InProcessSftp;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/sftp-storage-worker.camel.yaml end to end: requests submitted by the test playing the Worker Manager on the
 * real broker, files stored on (and read from) an in-process SFTP server through camel-ftp, declared in
 * worker.storage.endpoints only.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class SftpStorageWorkerIT {

    static final String TYPE = FakeWorkerManager.uniqueType("Sftp-Storage-Worker");
    static final ObjectMapper JSON = new ObjectMapper();
    static InProcessSftp sftp;
    static Path input;
    static FakeWorkerManager manager;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        sftp = InProcessSftp.start();
        Files.createDirectories(sftp.root().resolve("archive"));
        input = Files.createTempDirectory("sftp-worker-input");
        registry.add("camel.main.routes-include-pattern", () -> "file:examples/sftp-storage-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.retry.initial-interval", () -> "100ms");
        registry.add("worker.files.allowed-roots[0]", input::toString);
        registry.add("archive.url", () -> sftp.url("archive/"));
        registry.add("worker.storage.endpoints[0].name", () -> "archive");
        registry.add("worker.storage.endpoints[0].url", () -> sftp.url("archive/"));
        registry.add("worker.storage.endpoints[0].uri", () -> sftp.camelUri("archive", "sftp.password"));
        registry.add("sftp.password", sftp::password);
    }

    @BeforeAll
    static void start() {
        manager = new FakeWorkerManager(TYPE);
    }

    @AfterAll
    static void stop() throws Exception {
        manager.close();
        sftp.close();
    }

    @Test
    void storesALocalFileOnTheSftpServerAndAnswersItsUrl(CapturedOutput output) throws Exception {
        byte[] content = random(300_000);
        Path source = Files.write(input.resolve("a.dat"), content);

        FakeWorkerManager.Response answer = store(source.toUri().toString(), md5(content), "2026/12", null);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson()).isEqualTo(JSON.readTree("""
                {"url":"%s","checksum":"%s","fileSize":300000}""".formatted(sftp.url("archive/2026/12/a.dat"),
                md5(content))));
        assertThat(archive("2026/12/a.dat")).hasBinaryContent(content);
        assertThat(leftovers("2026/12")).isEmpty();
        assertThat(output.getAll()).doesNotContain(sftp.password());
    }

    @Test
    void aWrongChecksumIsInvalidContentAndNothingIsStored() throws Exception {
        Path source = Files.write(input.resolve("wrong.dat"), random(100_000));

        FakeWorkerManager.Response answer = store(source.toUri().toString(), "0123456789abcdef0123456789abcdef",
                "wrong", null);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages().toString()).contains("checksum");
        assertThat(archive("wrong/wrong.dat")).doesNotExist();
        assertThat(leftovers("wrong")).isEmpty();
    }

    @Test
    void aRedeliveredRequestIsAnsweredTheSameWithoutCopyingAgain() throws Exception {
        byte[] content = random(50_000);
        Path source = Files.write(input.resolve("again.dat"), content);
        FakeWorkerManager.Response first = store(source.toUri().toString(), md5(content), "again", null);
        FileTime stored = Files.getLastModifiedTime(archive("again/again.dat"));

        FakeWorkerManager.Response second = store(source.toUri().toString(), md5(content), "again", null);

        assertThat(second.status()).as(second.messages().toString()).isEqualTo("SUCCESS");
        assertThat(second.contentJson()).isEqualTo(first.contentJson());
        assertThat(Files.getLastModifiedTime(archive("again/again.dat"))).isEqualTo(stored);
    }

    @Test
    void readsTheSourceFromTheSftpServerToo() throws Exception {
        byte[] content = random(200_000);
        Files.createDirectories(archive("incoming"));
        Files.write(archive("incoming/b.dat"), content);

        FakeWorkerManager.Response answer = store(sftp.url("archive/incoming/b.dat"), md5(content), "copies",
                "b-copy.dat");

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(archive("copies/b-copy.dat")).hasBinaryContent(content);
    }

    @Test
    void aSourceOutsideTheDeclaredPrefixIsInvalidContent() throws Exception {
        Files.createDirectories(sftp.root().resolve("elsewhere"));
        Files.write(sftp.root().resolve("elsewhere/c.dat"), random(10));

        FakeWorkerManager.Response answer = store(sftp.url("elsewhere/c.dat"), null, "outside", null);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(archive("outside")).doesNotExist();
    }

    private static FakeWorkerManager.Response store(String url, String checksum, String directory, String fileName)
            throws Exception {
        var request = JSON.createObjectNode().put("url", url).put("algorithm", "MD5")
                .put("destinationDirectory", directory);
        if (checksum != null) {
            request.put("checksum", checksum);
        }
        if (fileName != null) {
            request.put("fileName", fileName);
        }
        return manager.awaitAnswer(manager.submit(JSON.writeValueAsString(request)));
    }

    private static Path archive(String path) {
        return sftp.root().resolve("archive").resolve(path);
    }

    /** The writes under way of a directory (in its .partial/ directory); none once requests are answered. */
    private static Stream<Path> leftovers(String directory) throws Exception {
        Path partial = archive(directory).resolve(".partial");
        return Files.isDirectory(partial) ? Files.list(partial).toList().stream() : Stream.empty();
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    static String md5(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }
}
