package io.camelworker.storage;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.camelworker.fixtures.Azurite;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.fixtures.InProcessFtp;
import io.camelworker.fixtures.InProcessS3;
import io.camelworker.fixtures.InProcessSftp;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request text is data, never endpoint configuration: for every connector (file, SFTP, FTP, Azure Blob, S3, http) and
 * every field of a request that names a file (the source URL, the destination directory, the file name), a name that
 * Camel would read as a property placeholder ({{ }}), simple language (${ }, $simple{ }), a RAW() value or a URI query
 * (?, #, &amp;) is either refused with INVALID_CONTENT naming the field, where the connector's own system cannot name it,
 * or taken literally: the file of exactly that name is what is read or written. No secret of the configuration appears
 * in an answer, a dead letter or a log line, and the worker goes on consuming. Real broker, real servers.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileFileNamesIT {

    @RegisterExtension
    static final S3MockExtension S3 = InProcessS3.withBuckets("hostile");

    static final String TYPE = FakeWorkerManager.uniqueType("Hostile-Names-Worker");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String S3_SECRET = "s3-secret-" + UUID.randomUUID();
    static final AtomicInteger CASES = new AtomicInteger();

    static Path local;
    static InProcessSftp sftp;
    static InProcessFtp ftp;
    static Azurite azurite;
    static BlobContainerClient container;
    static HttpServer http;
    static final Map<String, byte[]> HTTP_FILES = new ConcurrentHashMap<>();
    static FakeWorkerManager manager;

    @Autowired
    CamelContext camel;

    /**
     * Names that Camel reads as configuration or expressions, {@code %s} standing for a secret property of the
     * configuration. {@code {{x:$}}{camelContext.stop()}} is the name that stopped the CamelContext: the placeholder's
     * default, {@code $}, rebuilt {@code ${camelContext.stop()}}, which the file language evaluated.
     */
    static final List<String> HOSTILE = List.of(
            "{{%s}}",
            "{{x.{{%s}}}}",
            "{{x:$}}{camelContext.stop()}",
            "${camelContext.stop()}",
            "$simple{camelContext.stop()}",
            "RAW({{%s}})",
            "a?b",
            "a#b",
            "a&fileName=b");

    /** The fields of a request that name a file. */
    enum Field {
        SOURCE("StorageSourceUrl"), DIRECTORY("StorageDirectoryUrl"), FILE_NAME("StorageFileName");

        final String header;

        Field(String header) {
            this.header = header;
        }
    }

    /** A storage the worker reads from and, unless it is a source only, writes to. */
    interface Connector {

        /** The URL of a path below the connector's test area; each segment is taken literally, percent-encoded. */
        String url(String path);

        void put(String path, byte[] content);

        /** The content the storage holds under a literal path, or null. */
        byte[] read(String path);

        /** A secret property of the configuration that a placeholder of this connector's request could name. */
        String secretProperty();

        /** Whether the storage itself cannot name the segment, so that the connector refuses it (INVALID_CONTENT). */
        default boolean cannotName(String segment) {
            return false;
        }

        default boolean writable() {
            return true;
        }
    }

    enum Connectors implements Connector {
        FILE {
            public String url(String path) {
                return local.toUri() + encoded(path);
            }

            public void put(String path, byte[] content) {
                write(local.resolve(path), content);
            }

            public byte[] read(String path) {
                return readIfAny(local.resolve(path));
            }

            public String secretProperty() {
                return "ftp.password";
            }
        },
        SFTP {
            public String url(String path) {
                return sftp.url("archive/" + encoded(path));
            }

            public void put(String path, byte[] content) {
                write(sftp.root().resolve("archive").resolve(path), content);
            }

            public byte[] read(String path) {
                return readIfAny(sftp.root().resolve("archive").resolve(path));
            }

            public String secretProperty() {
                return "sftp.password";
            }

            /** JSch reads '*' and '?' of a remote path as a pattern (ChannelSftp#glob_remote). */
            @Override
            public boolean cannotName(String segment) {
                return segment.contains("?") || segment.contains("*");
            }
        },
        FTP {
            public String url(String path) {
                return ftp.url("archive/" + encoded(path));
            }

            public void put(String path, byte[] content) {
                write(ftp.root().resolve("archive").resolve(path), content);
            }

            public byte[] read(String path) {
                return readIfAny(ftp.root().resolve("archive").resolve(path));
            }

            public String secretProperty() {
                return "ftp.password";
            }

            /** FTP servers read '*' and '?' of a LIST or NLST argument as a pattern. */
            @Override
            public boolean cannotName(String segment) {
                return segment.contains("?") || segment.contains("*");
            }
        },
        AZURE_BLOB {
            public String url(String path) {
                return azurite.blobEndpoint() + "/archive/" + encoded(path);
            }

            public void put(String path, byte[] content) {
                container.getBlobClient(path).upload(new ByteArrayInputStream(content), content.length, true);
            }

            public byte[] read(String path) {
                var blob = container.getBlobClient(path);
                return blob.exists() ? blob.downloadContent().toBytes() : null;
            }

            public String secretProperty() {
                return "azure.key";
            }
        },
        S3_BUCKET {
            public String url(String path) {
                return S3.getServiceEndpoint() + "/hostile/" + encoded(path);
            }

            public void put(String path, byte[] content) {
                s3().putObject(b -> b.bucket("hostile").key(path), RequestBody.fromBytes(content));
            }

            public byte[] read(String path) {
                try {
                    return s3().getObjectAsBytes(b -> b.bucket("hostile").key(path)).asByteArray();
                } catch (NoSuchKeyException e) {
                    return null;
                }
            }

            public String secretProperty() {
                return "worker.storage.s3-servers[0].secret-key";
            }
        },
        HTTP {
            public String url(String path) {
                return "http://127.0.0.1:" + http.getAddress().getPort() + "/" + encoded(path);
            }

            public void put(String path, byte[] content) {
                HTTP_FILES.put("/" + path, content);
            }

            public byte[] read(String path) {
                return HTTP_FILES.get("/" + path);
            }

            public String secretProperty() {
                return "sftp.password";
            }

            @Override
            public boolean writable() {
                return false;
            }
        }
    }

    @TestConfiguration
    static class AzuriteClient {
        @Bean
        BlobServiceClient azurite() {
            return new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        local = Files.createTempDirectory("hostile-names");
        sftp = InProcessSftp.start();
        Files.createDirectories(sftp.root().resolve("archive"));
        ftp = InProcessFtp.start();
        Files.createDirectories(ftp.root().resolve("archive"));
        azurite = Azurite.start();
        container = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .createBlobContainerIfNotExists("archive");
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            byte[] content = HTTP_FILES.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(content == null ? 404 : 200, content == null ? -1 : content.length);
            if (content != null) {
                exchange.getResponseBody().write(content);
            }
            exchange.close();
        });
        http.start();
        registry.add("camel.main.routes-include-pattern", () -> "classpath:test-routes/hostile-names.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.retry.initial-interval", () -> "100ms");
        registry.add("worker.files.allowed-roots[0]", local::toString);
        registry.add("sftp.password", sftp::password);
        registry.add("ftp.password", ftp::password);
        registry.add("azure.key", () -> Azurite.KEY);
        registry.add("worker.storage.endpoints[0].name", () -> "sftp-archive");
        registry.add("worker.storage.endpoints[0].url", () -> sftp.url("archive/"));
        registry.add("worker.storage.endpoints[0].uri", () -> sftp.camelUri("archive", "sftp.password"));
        registry.add("worker.storage.endpoints[0].read-timeout", () -> "10s");
        registry.add("worker.storage.endpoints[1].name", () -> "ftp-archive");
        registry.add("worker.storage.endpoints[1].url", () -> ftp.url("archive/"));
        registry.add("worker.storage.endpoints[1].uri", () -> ftp.camelUri("archive", "ftp.password"));
        registry.add("worker.storage.endpoints[1].read-timeout", () -> "10s");
        registry.add("worker.storage.endpoints[2].name", () -> "blob-archive");
        registry.add("worker.storage.endpoints[2].url", () -> azurite.blobEndpoint() + "/archive/");
        registry.add("worker.storage.endpoints[2].uri",
                () -> "azure-storage-blob://" + Azurite.ACCOUNT + "/archive?serviceClient=#azurite");
        registry.add("worker.storage.s3-servers[0].endpoint", S3::getServiceEndpoint);
        registry.add("worker.storage.s3-servers[0].access-key", () -> "worker");
        registry.add("worker.storage.s3-servers[0].secret-key", () -> S3_SECRET);
        registry.add("worker.storage.http.allowed-hosts[0]", () -> "127.0.0.1:" + http.getAddress().getPort());
        manager = new FakeWorkerManager(TYPE);
    }

    @AfterAll
    static void stop() throws Exception {
        manager.close();
        http.stop(0);
        azurite.close();
        ftp.close();
        sftp.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Connectors connector : Connectors.values()) {
            for (Field field : Field.values()) {
                if (field != Field.SOURCE && !connector.writable()) {
                    continue;
                }
                for (String hostile : HOSTILE) {
                    cases.add(Arguments.of(connector, field, hostile.formatted(connector.secretProperty())));
                }
            }
        }
        return cases.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0} {1} \"{2}\"")
    @MethodSource("cases")
    void aNameIsRefusedOrTakenLiterallyAndRevealsNoSecret(Connectors connector, Field field, String name,
                                                          CapturedOutput output) throws Exception {
        String area = "c" + CASES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6) + "/";
        byte[] content = ("content of case " + area).getBytes(StandardCharsets.UTF_8);
        ObjectNode request = JSON.createObjectNode();
        Connector storedOn;
        String storedPath;
        switch (field) {
            case SOURCE -> {
                connector.put(area + name, content);
                request.put("url", connector.url(area + name)).put("directoryUrl", Connectors.FILE.url("out/" + area));
                storedOn = Connectors.FILE;
                storedPath = "out/" + area + name;
            }
            case DIRECTORY -> {
                Connectors.FILE.put("in/" + area + "good.bin", content);
                request.put("url", Connectors.FILE.url("in/" + area + "good.bin"))
                        .put("directoryUrl", connector.url(area + name + "/"));
                storedOn = connector;
                storedPath = area + name + "/good.bin";
            }
            default -> {
                Connectors.FILE.put("in/" + area + "good.bin", content);
                request.put("url", Connectors.FILE.url("in/" + area + "good.bin"))
                        .put("directoryUrl", connector.url(area)).put("fileName", name);
                storedOn = connector;
                storedPath = area + name;
            }
        }

        String requestId = manager.submit(JSON.writeValueAsString(request));
        FakeWorkerManager.Response answer = manager.awaitAnswer(requestId);

        if (connector.cannotName(name)) {
            assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("INVALID_CONTENT");
            assertThat(answer.messages().toString()).contains(field == Field.FILE_NAME ? "file name" : field.header);
            assertThat(storedOn.read(storedPath)).isNull();
        } else {
            assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
            assertThat(storedOn.read(storedPath)).as("the file of the literal name").isEqualTo(content);
        }
        assertThat(manager.deadLetters(requestId)).isEmpty();
        assertNoSecretIn(answer.messages().toString() + answer.contentText());
        assertNoSecretIn(output.getAll());
        assertThat(camel.getStatus().isStarted()).isTrue();
    }

    @Order(2)
    @Test
    void theWorkerStillConsumesAfterwards(CapturedOutput output) throws Exception {
        for (Connectors connector : Connectors.values()) {
            String area = "after-" + UUID.randomUUID().toString().substring(0, 6) + "/";
            byte[] content = ("good " + connector).getBytes(StandardCharsets.UTF_8);
            connector.put(area + "good.bin", content);
            Connector target = connector.writable() ? connector : Connectors.FILE;
            ObjectNode request = JSON.createObjectNode().put("url", connector.url(area + "good.bin"))
                    .put("directoryUrl", target.url("copies/" + area)).put("fileName", "copy.bin");

            FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(JSON.writeValueAsString(request)));

            assertThat(answer.status()).as(connector + ": " + answer.messages()).isEqualTo("SUCCESS");
            assertThat(target.read("copies/" + area + "copy.bin")).isEqualTo(content);
        }
        assertThat(camel.getStatus().isStarted()).isTrue();
        assertThat(manager.allDeadLetters()).allSatisfy(letter -> assertNoSecretIn(letter.headers() + " "
                + new String(letter.body(), StandardCharsets.UTF_8)));
        assertNoSecretIn(output.getAll());
    }

    private static void assertNoSecretIn(String text) {
        assertThat(text).doesNotContain(sftp.password()).doesNotContain(ftp.password()).doesNotContain(Azurite.KEY)
                .doesNotContain(S3_SECRET);
    }

    private static S3Client s3() {
        return S3.createS3ClientV2();
    }

    /** Each segment percent-encoded, so that the URL's path decodes to exactly the literal path. */
    private static String encoded(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            segments.add(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", segments);
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readIfAny(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
