package io.camelworker.examples;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelworker.fixtures.Azurite;
import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/azure-blob-storage-worker.camel.yaml end to end: requests submitted by the test playing the Worker Manager
 * on the real broker, blobs stored in (and read from) Azurite through camel-azure-storage-blob, declared in
 * worker.storage.endpoints only.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AzureBlobStorageWorkerIT {

    static final String TYPE = FakeWorkerManager.uniqueType("Azure-Blob-Storage-Worker");
    static final ObjectMapper JSON = new ObjectMapper();
    static Azurite azurite;
    static BlobContainerClient container;
    static Path input;
    static FakeWorkerManager manager;

    /** The component reaches Azure itself from account and key; Azurite's address is given by a client bean. */
    @TestConfiguration
    static class AzuriteClient {
        @Bean
        BlobServiceClient azurite() {
            return client();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        azurite = Azurite.start();
        container = client().createBlobContainerIfNotExists("archive");
        input = Files.createTempDirectory("azure-worker-input");
        String archive = azurite.blobEndpoint() + "/archive/";
        registry.add("camel.main.routes-include-pattern", () -> "file:examples/azure-blob-storage-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.retry.initial-interval", () -> "100ms");
        registry.add("worker.files.allowed-roots[0]", input::toString);
        registry.add("archive.url", () -> archive);
        registry.add("worker.storage.endpoints[0].name", () -> "archive");
        registry.add("worker.storage.endpoints[0].url", () -> archive);
        registry.add("worker.storage.endpoints[0].uri",
                () -> "azure-storage-blob://" + Azurite.ACCOUNT + "/archive?serviceClient=#azurite");
    }

    static BlobServiceClient client() {
        return new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient();
    }

    @BeforeAll
    static void start() {
        manager = new FakeWorkerManager(TYPE);
    }

    @AfterAll
    static void stop() {
        manager.close();
        azurite.close();
    }

    @Test
    void storesALocalFileAsABlobAndAnswersItsUrl() throws Exception {
        byte[] content = random(300_000);
        Path source = Files.write(input.resolve("a.dat"), content);

        FakeWorkerManager.Response answer = store(source.toUri().toString(), md5(content), "2026/12", null);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson()).isEqualTo(JSON.readTree("""
                {"url":"%s/archive/2026/12/a.dat","checksum":"%s","fileSize":300000}"""
                .formatted(azurite.blobEndpoint(), md5(content))));
        assertThat(blob("2026/12/a.dat")).isEqualTo(content);
        assertThat(blobsUnder("2026/12/")).containsExactly("2026/12/a.dat");
    }

    @Test
    void aWrongChecksumIsInvalidContentAndNothingIsStored() throws Exception {
        Path source = Files.write(input.resolve("wrong.dat"), random(100_000));

        FakeWorkerManager.Response answer = store(source.toUri().toString(), "0123456789abcdef0123456789abcdef",
                "wrong", null);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages().toString()).contains("checksum");
        assertThat(blobsUnder("wrong/")).isEmpty();
    }

    @Test
    void aRedeliveredRequestIsAnsweredTheSameWithoutCopyingAgain() throws Exception {
        byte[] content = random(50_000);
        Path source = Files.write(input.resolve("again.dat"), content);
        FakeWorkerManager.Response first = store(source.toUri().toString(), md5(content), "again", null);
        String etag = container.getBlobClient("again/again.dat").getProperties().getETag();

        FakeWorkerManager.Response second = store(source.toUri().toString(), md5(content), "again", null);

        assertThat(second.status()).as(second.messages().toString()).isEqualTo("SUCCESS");
        assertThat(second.contentJson()).isEqualTo(first.contentJson());
        assertThat(container.getBlobClient("again/again.dat").getProperties().getETag()).isEqualTo(etag);
    }

    @Test
    void readsTheSourceFromTheContainerToo() throws Exception {
        byte[] content = random(200_000);
        container.getBlobClient("incoming/b.dat").upload(new ByteArrayInputStream(content), content.length, true);

        FakeWorkerManager.Response answer = store(azurite.blobEndpoint() + "/archive/incoming/b.dat", md5(content),
                "copies", "b-copy.dat");

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(blob("copies/b-copy.dat")).isEqualTo(content);
    }

    @Test
    void aSourceOutsideTheDeclaredPrefixIsInvalidContent() throws Exception {
        FakeWorkerManager.Response answer = store(azurite.blobEndpoint() + "/other/c.dat", null, "outside", null);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(blobsUnder("outside/")).isEmpty();
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

    private static byte[] blob(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        container.getBlobClient(name).downloadStream(out);
        return out.toByteArray();
    }

    private static List<String> blobsUnder(String prefix) {
        return container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null).stream().map(BlobItem::getName)
                .toList();
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
