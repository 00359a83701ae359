package io.camelworker.steps.storage;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.fixtures.InProcessS3;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * storage:transfer used from a route of its own with plain headers: a file into a local directory and into an S3
 * bucket (in-process S3 server), a checksum mismatch, a destination the worker may not write to, a redelivery.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class StorageTransferIT {

    @RegisterExtension
    static final S3MockExtension S3 = InProcessS3.withBuckets("transfers", "not-listed");

    static final Path ROOT = createRoot();
    static final Path INPUT = ROOT.resolve("input");
    static final Path STORE = ROOT.resolve("store");

    @Autowired
    ProducerTemplate template;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "classpath:test-routes/storage-transfer.camel.yaml");
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.files.allowed-roots[0]", INPUT::toString);
        registry.add("worker.files.allowed-roots[1]", STORE::toString);
        registry.add("worker.storage.s3-servers[0].endpoint", S3::getServiceEndpoint);
        registry.add("worker.storage.s3-servers[0].buckets", () -> "transfers");
    }

    @Test
    void aFileIsStoredInALocalDirectoryWithItsDigest() throws Exception {
        byte[] content = randomBytes(20_000);
        Path source = input("local.bin", content);
        Path directory = STORE.resolve("local/2026");

        Exchange done = transfer(source.toUri().toString(), directory.toUri() + "/", md5(content));

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(StorageHeaders.STORED_URL)).isEqualTo("file:" + directory.resolve("local.bin"));
        assertThat(done.getMessage().getHeader(StorageHeaders.CHECKSUM)).isEqualTo(md5(content));
        assertThat(done.getMessage().getHeader(StorageHeaders.ALGORITHM)).isEqualTo("MD5");
        assertThat(done.getMessage().getHeader(StorageHeaders.FILE_SIZE)).isEqualTo(20_000L);
        assertThat(done.getMessage().getHeader(StorageHeaders.COPIED)).isEqualTo(true);
        assertThat(directory.resolve("local.bin")).hasBinaryContent(content);
        assertThat(leftovers(directory)).isEmpty();
    }

    @Test
    void aRedeliveredTransferCopiesNothingAgain() throws Exception {
        byte[] content = randomBytes(3_000);
        Path source = input("again.bin", content);
        String directory = STORE.resolve("again").toUri().toString();
        assertThat(transfer(source.toUri().toString(), directory, md5(content)).getException()).isNull();
        Object inode = Files.getAttribute(STORE.resolve("again/again.bin"), "unix:ino");

        Exchange again = transfer(source.toUri().toString(), directory, md5(content).toUpperCase());

        assertThat(again.getException()).isNull();
        assertThat(again.getMessage().getHeader(StorageHeaders.COPIED)).isEqualTo(false);
        assertThat(again.getMessage().getHeader(StorageHeaders.CHECKSUM)).isEqualTo(md5(content));
        assertThat(Files.getAttribute(STORE.resolve("again/again.bin"), "unix:ino")).isEqualTo(inode);
    }

    @Test
    void aFileIsStoredInAnS3BucketUnderTheNameOfTheHeader() throws Exception {
        byte[] content = randomBytes(7_000);
        Path source = input("to-s3.bin", content);
        String directory = S3.getServiceEndpoint() + "/transfers/products/p1/";

        Exchange done = template.send("direct:storage-transfer", exchange -> {
            exchange.getMessage().setHeaders(Map.of(StorageHeaders.SOURCE_URL, source.toUri().toString(),
                    StorageHeaders.DIRECTORY_URL, directory, StorageHeaders.FILE_NAME, "renamed.bin",
                    StorageHeaders.CHECKSUM, md5(content)));
        });

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(StorageHeaders.STORED_URL)).isEqualTo(directory + "renamed.bin");
        S3Client s3 = S3.createS3ClientV2();
        HeadObjectResponse head = s3.headObject(b -> b.bucket("transfers").key("products/p1/renamed.bin"));
        assertThat(head.contentLength()).isEqualTo(7_000L);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("transfers").key("products/p1/renamed.bin")).asByteArray())
                .isEqualTo(content);
    }

    @Test
    void aRequestCancelledWhileItsFileWasCopiedStoresNothingInS3() throws Exception {
        byte[] content = randomBytes(6_000);
        Path source = input("cancelled.bin", content);
        String directory = S3.getServiceEndpoint() + "/transfers/cancelled/";
        RequestCancellation cancellation = new RequestCancellation();
        cancellation.cancel("worker.request-timeout=1s is spent");

        Exchange done = template.send("direct:storage-transfer", exchange -> {
            exchange.setProperty(RequestCancellation.PROPERTY, cancellation);
            exchange.getMessage().setHeaders(Map.of(StorageHeaders.SOURCE_URL, source.toUri().toString(),
                    StorageHeaders.DIRECTORY_URL, directory, StorageHeaders.CHECKSUM, md5(content)));
        });

        assertThat(done.getException()).isInstanceOf(ProcessingErrorException.class)
                .hasMessageContaining("not done: the request was cancelled (worker.request-timeout=1s is spent)");
        S3Client s3 = S3.createS3ClientV2();
        assertThat(s3.listObjectsV2(b -> b.bucket("transfers").prefix("cancelled/")).contents()).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket("transfers").prefix("cancelled/")).uploads()).isEmpty();
    }

    @Test
    void aChecksumMismatchIsInvalidContentAndNothingIsStoredUnderTheFinalName() throws Exception {
        byte[] content = randomBytes(5_000);
        Path source = input("mismatch.bin", content);
        String wrong = "0123456789abcdef0123456789abcdef";
        Path directory = STORE.resolve("mismatch");

        Exchange local = transfer(source.toUri().toString(), directory.toUri().toString(), wrong);
        Exchange s3 = transfer(source.toUri().toString(), S3.getServiceEndpoint() + "/transfers/mismatch/", wrong);

        assertThat(local.getException()).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("checksum mismatch for StorageSourceUrl '" + source.toUri() + "'")
                .hasMessageContaining(wrong).hasMessageNotContaining(md5(content));
        assertThat(directory.resolve("mismatch.bin")).doesNotExist();
        assertThat(leftovers(directory)).isEmpty();
        assertThat(s3.getException()).isInstanceOf(InvalidContentException.class);
        assertThat(S3.createS3ClientV2().listObjectsV2(b -> b.bucket("transfers").prefix("mismatch/")).contents()).isEmpty();
    }

    @Test
    void aDestinationTheWorkerMayNotWriteToIsInvalidContentNamingTheHeader() throws Exception {
        byte[] content = randomBytes(100);
        Path source = input("refused.bin", content);
        Path outside = ROOT.resolve("elsewhere");

        Exchange outsideRoots = transfer(source.toUri().toString(), outside.toUri().toString(), null);
        Exchange otherBucket = transfer(source.toUri().toString(), S3.getServiceEndpoint() + "/not-listed/x/", null);
        Exchange unknown = transfer(source.toUri().toString(), "ftp://example.org/store/", null);
        Exchange dotDot = transfer(source.toUri().toString(), STORE.toUri() + "a/../../elsewhere/", null);

        assertThat(outsideRoots.getException()).isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("StorageDirectoryUrl '" + outside.toUri() + "' is outside the allowed roots");
        assertThat(otherBucket.getException()).isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("StorageDirectoryUrl '" + S3.getServiceEndpoint() + "/not-listed/x/' is refused:"
                        + " bucket 'not-listed' is not in worker.storage.s3-servers[0].buckets");
        assertThat(unknown.getException()).isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("StorageDirectoryUrl 'ftp://example.org/store/' is not a directory this worker may"
                        + " write to");
        assertThat(dotDot.getException()).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("StorageDirectoryUrl").hasMessageContaining("'..'");
        assertThat(outside).doesNotExist();
        assertThat(S3.createS3ClientV2().listObjectsV2(b -> b.bucket("not-listed")).contents()).isEmpty();
    }

    @Test
    void missingHeadersAreInvalidContentNamingThem() {
        Exchange done = template.send("direct:storage-transfer", exchange -> exchange.getMessage()
                .setHeader(StorageHeaders.DIRECTORY_URL, STORE.toUri().toString()));

        assertThat(done.getException()).isInstanceOf(InvalidContentException.class)
                .hasMessage("header StorageSourceUrl is missing; storage:transfer needs the URL of the source");
    }

    @Test
    void withoutChecksumTheDigestOfTheAlgorithmOptionIsComputedAndTheImageMeasured() throws Exception {
        byte[] png = png(300, 200);
        Path source = input("image.png", png);
        Path directory = STORE.resolve("images");

        Exchange done = transfer("direct:storage-transfer-sha256", source.toUri().toString(), directory.toUri().toString(),
                null);

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(StorageHeaders.ALGORITHM)).isEqualTo("SHA-256");
        assertThat(done.getMessage().getHeader(StorageHeaders.CHECKSUM))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)));
        assertThat(done.getMessage().getHeader(StorageHeaders.IMAGE_WIDTH)).isEqualTo(300);
        assertThat(done.getMessage().getHeader(StorageHeaders.IMAGE_HEIGHT)).isEqualTo(200);
    }

    private Exchange transfer(String sourceUrl, String directoryUrl, String checksum) {
        return transfer("direct:storage-transfer", sourceUrl, directoryUrl, checksum);
    }

    private Exchange transfer(String route, String sourceUrl, String directoryUrl, String checksum) {
        return template.send(route, exchange -> {
            exchange.getMessage().setHeader(StorageHeaders.SOURCE_URL, sourceUrl);
            exchange.getMessage().setHeader(StorageHeaders.DIRECTORY_URL, directoryUrl);
            if (checksum != null) {
                exchange.getMessage().setHeader(StorageHeaders.CHECKSUM, checksum);
            }
        });
    }

    private static Path input(String name, byte[] content) throws IOException {
        Files.createDirectories(INPUT);
        return Files.write(INPUT.resolve(name), content);
    }

    private static Stream<Path> leftovers(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith("."))
                    .toList().stream();
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String md5(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static Path createRoot() {
        try {
            Path root = Files.createTempDirectory("storage-transfer-test").toRealPath();
            Files.createDirectories(root.resolve("store"));
            return root;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
