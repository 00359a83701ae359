package io.camelworker.steps.storage;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import io.camelworker.fixtures.InProcessS3;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.retry.Backoff;
import io.camelworker.storage.Destination;
import io.camelworker.storage.FlakyTcpProxy;
import io.camelworker.storage.InterruptedTransfer;
import io.camelworker.storage.Sources;
import io.camelworker.storage.StorageProperties;
import io.camelworker.storage.s3.S3Connection;
import io.camelworker.storage.s3.S3Destination;
import io.camelworker.storage.s3.S3Servers;
import io.camelworker.storage.s3.S3SourceReader;
import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;


import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The storage worker end to end: requests submitted by the test playing the Worker Manager on the real broker, sources
 * on the disk, on an HTTP server and on an in-process S3 server (S3Mock), destinations on the disk and on S3.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class StorageWorkerIT {

    @RegisterExtension
    static final S3MockExtension S3 = InProcessS3.withBuckets("regards", "sources", "other-tenant");

    static final String TYPE = FakeWorkerManager.uniqueType("Storage-Worker");
    /** worker.storage.max-file-size of this worker: above the largest test file (12 MB), small enough to cross fast. */
    static final int MAX_FILE_SIZE_MB = 16;
    static final String KEY = "AKIA-TEST-KEY-4711";
    static final String SECRET = "secret-that-never-leaks-4711";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = createRoot();
    static final Path INPUT = ROOT.resolve("input");
    static final Path STORE = ROOT.resolve("store");
    static final Path CACHE = ROOT.resolve("cache");
    static final Map<String, byte[]> HTTP_FILES = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> HTTP_HITS = new ConcurrentHashMap<>();

    static final CountDownLatch STALLED_RELEASE = new CountDownLatch(1);
    /** A server the worker must never reach: an internal service, as far as the worker's settings are concerned. */
    static final AtomicInteger INTERNAL_HITS = new AtomicInteger();
    static final HttpServer internal = startServer(exchange -> {
        INTERNAL_HITS.incrementAndGet();
        byte[] secret = "internal secret".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, secret.length);
        exchange.getResponseBody().write(secret);
        exchange.close();
    });
    static final HttpServer http = startServer(StorageWorkerIT::serve);

    static FakeWorkerManager manager;
    static S3Client s3;
    /** A second endpoint of the same S3 server, not configured: an S3 server the deployment did not allow. */
    static FlakyTcpProxy otherS3;
    /** The configured second S3 server, which drops its first connections. */
    static FlakyTcpProxy flakyS3;

    @BeforeAll
    static void start() throws IOException {
        manager = new FakeWorkerManager(TYPE);
        s3 = S3.createS3ClientV2();
        otherS3 = new FlakyTcpProxy(S3.getHttpPort(), 0);
        Files.createDirectories(INPUT);
        Files.createDirectories(STORE);
    }

    static HttpServer startServer(com.sun.net.httpserver.HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", handler);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void serve(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/endless/")) {
            // A body that never ends (chunked, no Content-Length): only the worker's size limit stops it.
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < 1024L * MAX_FILE_SIZE_MB * 1024 * 4; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the worker hung up: what is expected
            }
            exchange.close();
            return;
        }
        if (path.startsWith("/huge/")) {
            // Declares more than the limit, then sends nothing.
            exchange.sendResponseHeaders(200, (MAX_FILE_SIZE_MB + 1) * 1024L * 1024);
            exchange.getResponseBody().flush();
            awaitQuietly(STALLED_RELEASE);
            exchange.close();
            return;
        }
        if (path.startsWith("/redirect/")) {
            // /redirect/<where>: a redirect to another host, to another scheme, or within this server.
            String where = path.substring("/redirect/".length());
            String location = switch (where) {
                case "internal" -> "http://127.0.0.1:" + internal.getAddress().getPort() + "/secret";
                case "https" -> "https://127.0.0.1:" + http.getAddress().getPort() + "/data/redirected.bin";
                case "file" -> "file://" + INPUT.resolve("redirect-target.dat");
                default -> "/" + where;
            };
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        int hit = HTTP_HITS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        byte[] content = HTTP_FILES.get(path.replaceFirst("^/(flaky|stall)", ""));
        if (path.startsWith("/stall/") && hit == 1 && content != null) {
            // Headers and half the body, then nothing: a server that stalls mid-download.
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content, 0, content.length / 2);
            exchange.getResponseBody().flush();
            awaitQuietly(STALLED_RELEASE);
            exchange.close();
            return;
        }
        if (content == null || (path.startsWith("/flaky/") && hit == 1)) {
            exchange.sendResponseHeaders(content == null ? 404 : 500, -1);
        } else {
            exchange.sendResponseHeaders(200, content.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content);
            }
        }
        exchange.close();
    }

    @AfterAll
    static void stop() {
        STALLED_RELEASE.countDown();
        manager.close();
        http.stop(0);
        internal.stop(0);
        closeQuietly(otherS3);
        closeQuietly(flakyS3);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/storage-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.retry.initial-interval", () -> "100ms");
        registry.add("worker.files.allowed-roots[0]", () -> INPUT.toString());
        registry.add("worker.files.allowed-roots[1]", () -> STORE.toString());
        registry.add("worker.storage.s3-servers[0].endpoint", S3::getServiceEndpoint);
        registry.add("worker.storage.s3-servers[0].access-key", () -> "worker-key");
        registry.add("worker.storage.s3-servers[0].secret-key", () -> "worker-secret");
        registry.add("worker.storage.s3-servers[0].buckets", () -> "regards,sources");
        registry.add("worker.storage.s3-servers[1].endpoint", () -> "http://127.0.0.1:" + flakyS3().port());
        registry.add("worker.storage.http.allowed-hosts[0]", () -> "127.0.0.1:" + http.getAddress().getPort());
        registry.add("worker.storage.small-file-cache", CACHE::toString);
        registry.add("worker.storage.small-file-max-size", () -> "64KB");
        registry.add("worker.storage.transient-retry.initial-interval", () -> "20ms");
        registry.add("worker.storage.read-timeout", () -> "1s");
        registry.add("worker.storage.max-file-size", () -> MAX_FILE_SIZE_MB + "MB");
        // S3Mock's jar brings an application.properties that turns lazy initialisation on.
    }

    @Test
    void localStoreNamedByChecksumIsAnsweredWithTheExactResponse() throws Exception {
        byte[] content = randomBytes(10_000);
        Path source = input("local-checksum.dat", content);
        String md5 = md5(content);
        Path directory = STORE.resolve("local1/2024/01/15");

        FakeWorkerManager.Response answer = store(localRequest(source.toUri().toString(), md5, "local1",
                "/2024/01/15", "CHECKSUM"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson()).isEqualTo(JSON.readTree("""
                {"fileProcessingMetadata":{"smallFileManaged":false,"cachePath":null,"filename":"%1$s",
                   "storeParentUrl":"file:%2$s/","storeParentPath":"%2$s/"},
                 "storeFileMetadata":{"@c":".FileMetadata","checksum":"%1$s","algorithm":"MD5",
                   "storedFileUrl":"file:%2$s/%1$s","fileSizeInBytes":10000}}""".formatted(md5, directory)));
        assertThat(directory.resolve(md5)).hasBinaryContent(content);
        assertThat(leftovers(directory)).isEmpty();
    }

    @Test
    void localStoreNamedByFilenameKeepsTheSourceNameAndAcceptsAnUpperCaseChecksum() throws Exception {
        byte[] content = randomBytes(2_000);
        Path source = input("report.txt", content);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Path directory = STORE.resolve("local2/in");
        String request = localRequest(source.toUri().toString(), sha.toUpperCase(), "local2", "in", "FILENAME")
                .replace("\"MD5\"", "\"SHA-256\"");

        FakeWorkerManager.Response answer = store(request);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson()).isEqualTo(JSON.readTree("""
                {"fileProcessingMetadata":{"smallFileManaged":false,"cachePath":null,"filename":"report.txt",
                   "storeParentUrl":"file:%2$s/","storeParentPath":"%2$s/"},
                 "storeFileMetadata":{"@c":".FileMetadata","checksum":"%1$s","algorithm":"SHA-256",
                   "storedFileUrl":"file:%2$s/report.txt","fileSizeInBytes":2000}}""".formatted(sha, directory)));
        assertThat(directory.resolve("report.txt")).hasBinaryContent(content);
    }

    @Test
    void bothSpellingsOfFileUrlsAreAcceptedAndStoredUrlsAreWrittenAsRegardsLocalStorageDoes() throws Exception {
        byte[] content = randomBytes(1_500);
        Path source = input("spellings.dat", content);
        String md5 = md5(content);
        Path base = STORE.resolve("spellings");
        String shortForm = localRequest("file:" + source, md5, "spellings", "a", "CHECKSUM")
                .replace("\"baseStorageLocationAsString\":\"" + base + "\"", "\"baseStorageLocationAsString\":\"file:" + base + "\"");
        String longForm = localRequest("file://" + source, md5, "spellings", "b", "CHECKSUM")
                .replace("\"baseStorageLocationAsString\":\"" + base + "\"", "\"baseStorageLocationAsString\":\"file://" + base + "\"");

        FakeWorkerManager.Response first = store(shortForm);
        FakeWorkerManager.Response second = store(longForm);

        assertThat(first.status()).as(first.messages().toString()).isEqualTo("SUCCESS");
        assertThat(second.status()).as(second.messages().toString()).isEqualTo("SUCCESS");
        // Path.toUri().toURL() of REGARDS' LocalDataStorage: file:/abs, not file:///abs.
        assertThat(first.contentJson().at("/storeFileMetadata/storedFileUrl").asText())
                .isEqualTo("file:" + base.resolve("a").resolve(md5));
        assertThat(second.contentJson().at("/fileProcessingMetadata/storeParentUrl").asText())
                .isEqualTo("file:" + base.resolve("b") + "/");
        assertThat(base.resolve("a").resolve(md5)).hasBinaryContent(content);
        assertThat(base.resolve("b").resolve(md5)).hasBinaryContent(content);
    }

    @Test
    void imageIsAnsweredWithItsWidthAndHeight() throws Exception {
        byte[] png = png(1024, 512);
        Path source = input("quicklook.png", png);
        String md5 = md5(png);
        Path directory = STORE.resolve("images");
        String request = localRequest(source.toUri().toString(), md5, "images", null, "CHECKSUM")
                .replace("\"computeImageSize\":false", "\"computeImageSize\":true");

        FakeWorkerManager.Response answer = store(request);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson()).isEqualTo(JSON.readTree("""
                {"fileProcessingMetadata":{"smallFileManaged":false,"cachePath":null,"filename":"%1$s",
                   "storeParentUrl":"file:%2$s/","storeParentPath":"%2$s/"},
                 "storeFileMetadata":{"@c":".ImageFileMetadata","checksum":"%1$s","algorithm":"MD5",
                   "storedFileUrl":"file:%2$s/%1$s","fileSizeInBytes":%3$d,"heightInPx":512,"widthInPx":1024}}"""
                .formatted(md5, directory, png.length)));
    }

    @Test
    void imageStoredInS3IsMeasuredInTheSandboxFromATemporaryCopyThatIsRemoved() throws Exception {
        byte[] png = png(300, 200);
        Path source = input("s3-quicklook.png", png);
        String md5 = md5(png);
        String request = s3Request(S3.getServiceEndpoint(), source.toUri().toString(), md5, "/images", "CHECKSUM", "regards")
                .replace("\"computeImageSize\":false", "\"computeImageSize\":true");

        FakeWorkerManager.Response answer = store(request);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson().at("/storeFileMetadata/widthInPx").asInt()).isEqualTo(300);
        assertThat(answer.contentJson().at("/storeFileMetadata/heightInPx").asInt()).isEqualTo(200);
        try (Stream<Path> temporary = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            // The step's copies only (ImageSizeStep: image-size-<random>.tmp regular files), not other tests' directories.
            assertThat(temporary.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches("image-size-\\d+\\.tmp"))).isEmpty();
        }
    }

    @Test
    void storedFileThatIsNotAnImageIsAnErrorNamingIt() throws Exception {
        byte[] content = randomBytes(3_000);
        Path source = input("not-an-image.png", content);
        String md5 = md5(content);
        String request = localRequest(source.toUri().toString(), md5, "not-images", null, "CHECKSUM")
                .replace("\"computeImageSize\":false", "\"computeImageSize\":true");

        FakeWorkerManager.Response answer = store(request);

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString()
                .isEqualTo("computeImageSize: 'file:" + STORE.resolve("not-images").resolve(md5)
                        + "' is not an image format ImageIO can read");
    }

    @Test
    void checksumMismatchIsAnErrorNamingTheExpectedValueOnlyAndLeavesNothingAtTheDestination() throws Exception {
        byte[] content = randomBytes(5_000);
        Path source = input("corrupt.dat", content);
        String wrong = "0123456789abcdef0123456789abcdef";

        FakeWorkerManager.Response answer = store(localRequest(source.toUri().toString(), wrong, "mismatch", "d",
                "CHECKSUM"));

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString()
                .contains("checksum mismatch", wrong, source.toUri().toString()).doesNotContain(md5(content));
        assertThat(leftovers(STORE.resolve("mismatch"))).isEmpty();
    }

    @Test
    void destinationDirectoryLeavingTheBaseLocationIsInvalidContentAndNothingIsWritten() throws Exception {
        byte[] content = randomBytes(100);
        Path source = input("escape.dat", content);

        FakeWorkerManager.Response dotDot = store(localRequest(source.toUri().toString(), md5(content), "escape",
                "/a/../../input", "CHECKSUM"));
        FakeWorkerManager.Response backslash = store(localRequest(source.toUri().toString(), md5(content), "escape",
                "a\\\\..\\\\..\\\\x", "CHECKSUM"));

        assertThat(dotDot.status()).isEqualTo("INVALID_CONTENT");
        assertThat(dotDot.messages()).singleElement().asString()
                .startsWith("destinationDirectory '/a/../../input' contains '..'");
        assertThat(backslash.status()).isEqualTo("INVALID_CONTENT");
        assertThat(STORE.resolve("escape")).doesNotExist();
        assertThat(INPUT.resolve(md5(content))).doesNotExist();
    }

    @Test
    void baseLocationOutsideTheAllowedRootsIsInvalidContent() throws Exception {
        byte[] content = randomBytes(100);
        Path source = input("outside-base.dat", content);
        Path outside = ROOT.resolve("elsewhere");
        String request = localRequest(source.toUri().toString(), md5(content), "x", null, "CHECKSUM")
                .replace(STORE.resolve("x").toString(), outside.toString());

        FakeWorkerManager.Response answer = store(request);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .startsWith("parameters.baseStorageLocationAsString '" + outside + "' is outside the allowed roots");
        assertThat(outside).doesNotExist();
    }

    @Test
    void sourceOutsideTheAllowedRootsIsInvalidContent() throws Exception {
        Path secret = Files.writeString(ROOT.resolve("not-allowed.txt"), "private");

        FakeWorkerManager.Response answer = store(localRequest(secret.toUri().toString(), md5("private".getBytes()),
                "refused", null, "CHECKSUM"));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().contains("is outside the allowed roots");
        assertThat(STORE.resolve("refused")).doesNotExist();
    }

    @Test
    void missingSourceIsAnError() throws Exception {
        String url = INPUT.resolve("never-there.dat").toUri().toString();

        FakeWorkerManager.Response answer = store(localRequest(url, md5(new byte[0]), "missing", null, "CHECKSUM"));

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).containsExactly("url '" + url + "' does not exist");
    }

    @Test
    void redeliveredRequestIsAnsweredSuccessWithoutCopyingAgain() throws Exception {
        byte[] content = randomBytes(50_000);
        Path source = input("redelivered.dat", content);
        String request = localRequest(source.toUri().toString(), md5(content), "redelivery", "/d", "CHECKSUM");
        FakeWorkerManager.Response first = store(request);
        Path stored = STORE.resolve("redelivery/d").resolve(md5(content));
        Object inode = Files.getAttribute(stored, "unix:ino");
        FileTime modified = Files.getLastModifiedTime(stored);
        Files.delete(source);

        FakeWorkerManager.Response second = store(request);

        assertThat(first.status()).isEqualTo("SUCCESS");
        assertThat(second.status()).as(second.messages().toString()).isEqualTo("SUCCESS");
        assertThat(second.contentJson()).isEqualTo(first.contentJson());
        assertThat(Files.getAttribute(stored, "unix:ino")).isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(stored)).isEqualTo(modified);
    }

    @Test
    void httpSourceFailingWithAServerErrorIsRetriedThenStored() throws Exception {
        byte[] content = randomBytes(30_000);
        HTTP_FILES.put("/data/flaky.bin", content);
        String url = httpUrl("/flaky/data/flaky.bin");

        FakeWorkerManager.Response answer = store(localRequest(url, md5(content), "http", null, "FILENAME"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(HTTP_HITS.get("/flaky/data/flaky.bin").get()).isEqualTo(2);
        assertThat(STORE.resolve("http/flaky.bin")).hasBinaryContent(content);
    }

    @Test
    void httpSourceThatStallsMidBodyFailsAfterTheReadTimeoutAndIsRetried() throws Exception {
        byte[] content = randomBytes(200_000);
        HTTP_FILES.put("/data/stalled.bin", content);
        String url = httpUrl("/stall/data/stalled.bin");

        FakeWorkerManager.Response answer = store(localRequest(url, md5(content), "stall", null, "FILENAME"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(HTTP_HITS.get("/stall/data/stalled.bin").get()).isEqualTo(2);
        assertThat(STORE.resolve("stall/stalled.bin")).hasBinaryContent(content);
        assertThat(STORE.resolve("stall")).isDirectoryNotContaining("glob:**/.*part");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void httpSourceAnswering404IsAnErrorWithTheStatus() throws Exception {
        String url = httpUrl("/data/absent.bin");

        FakeWorkerManager.Response answer = store(localRequest(url, md5(new byte[0]), "http404", null, "CHECKSUM"));

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).containsExactly("url '" + url + "' cannot be read: HTTP 404");
    }

    @Test
    void s3SourceOfAConfiguredServerIsReadWithTheS3Client() throws Exception {
        byte[] content = randomBytes(20_000);
        s3.putObject(b -> b.bucket("sources").key("in/obj 1.dat"), RequestBody.fromBytes(content));
        String url = S3.getServiceEndpoint() + "/sources/in/obj%201.dat";

        FakeWorkerManager.Response answer = store(localRequest(url, md5(content), "froms3", null, "FILENAME"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(STORE.resolve("froms3/obj 1.dat")).hasBinaryContent(content);
    }

    @Test
    void smallS3StoreIsOneObjectAndIsAnsweredWithTheExactResponse() throws Exception {
        byte[] content = randomBytes(40_000);
        HTTP_FILES.put("/data/small.bin", content);
        String md5 = md5(content);

        FakeWorkerManager.Response answer = store(s3Request(S3.getServiceEndpoint(), httpUrl("/data/small.bin"), md5,
                "/2024/01/15", "FILENAME", "regards"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        String endpoint = S3.getServiceEndpoint();
        assertThat(answer.contentJson()).isEqualTo(JSON.readTree("""
                {"fileProcessingMetadata":{"smallFileManaged":false,"cachePath":null,"filename":"small.bin",
                   "storeParentUrl":"%2$s/regards/tenant1/2024/01/15/","storeParentPath":"/tenant1/2024/01/15/"},
                 "storeFileMetadata":{"@c":".FileMetadata","checksum":"%1$s","algorithm":"MD5",
                   "storedFileUrl":"%2$s/regards/tenant1/2024/01/15/small.bin","fileSizeInBytes":40000}}"""
                .formatted(md5, endpoint)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("regards").key("tenant1/2024/01/15/small.bin")).asByteArray())
                .isEqualTo(content);
    }

    @Test
    void largeS3StoreIsAMultipartUploadNamedByChecksum() throws Exception {
        byte[] content = randomBytes(12 * 1024 * 1024 + 123);
        Path source = input("large.bin", content);
        String md5 = md5(content);

        FakeWorkerManager.Response answer = store(s3Request(S3.getServiceEndpoint(), source.toUri().toString(), md5,
                "big", "CHECKSUM", "regards"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        String key = "tenant1/big/" + md5;
        assertThat(answer.contentJson().at("/storeFileMetadata/storedFileUrl").asText())
                .isEqualTo(S3.getServiceEndpoint() + "/regards/" + key);
        // A multipart object's ETag is "<md5 of the parts' md5s>-<number of parts>".
        assertThat(s3.headObject(b -> b.bucket("regards").key(key)).eTag()).endsWith("-3\"");
        assertThat(md5(s3.getObjectAsBytes(b -> b.bucket("regards").key(key)).asByteArray())).isEqualTo(md5);
    }

    @Test
    void s3ChecksumMismatchLeavesNoObject() throws Exception {
        byte[] content = randomBytes(6 * 1024 * 1024);
        Path source = input("large-corrupt.bin", content);
        String wrong = "ffffffffffffffffffffffffffffffff";

        FakeWorkerManager.Response answer = store(s3Request(S3.getServiceEndpoint(), source.toUri().toString(), wrong,
                "corrupt", "FILENAME", "regards"));

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString().contains(wrong).doesNotContain(md5(content));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("regards").key("tenant1/corrupt/large-corrupt.bin")))
                .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
        assertThat(s3.listMultipartUploads(b -> b.bucket("regards")).uploads()).isEmpty();
    }

    @Test
    void s3ServerThatDropsConnectionsThenComesBackGetsTheFile() throws Exception {
        byte[] content = randomBytes(10_000);
        Path source = input("while-down.bin", content);
        String endpoint = "http://127.0.0.1:" + flakyS3().port();

        FakeWorkerManager.Response answer = store(s3Request(endpoint, source.toUri().toString(), md5(content),
                "flaky", "FILENAME", "regards"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(flakyS3().dropped()).isEqualTo(6);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("regards").key("tenant1/flaky/while-down.bin")).asByteArray())
                .isEqualTo(content);
    }

    @Test
    void refusedS3StoreIsAnErrorWithTheReasonAndNeverShowsTheCredentials(CapturedOutput output) throws Exception {
        byte[] content = randomBytes(100);
        Path source = input("no-bucket.bin", content);

        FakeWorkerManager.Response answer = store(s3Request(S3.getServiceEndpoint(), source.toUri().toString(),
                md5(content), "x", "FILENAME", "no-such-bucket"));

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString().contains("HTTP 404", "NoSuchBucket");
        assertThat(answer.body().toString()).doesNotContain(KEY).doesNotContain(SECRET);
        assertThat(output.getAll()).doesNotContain(KEY).doesNotContain(SECRET);
    }

    @Test
    void smallFileIsCachedWhenPackagingIsActivated() throws Exception {
        byte[] content = randomBytes(1_000);
        Path source = input("tiny.txt", content);
        String md5 = md5(content);
        String request = s3Request(S3.getServiceEndpoint(), source.toUri().toString(), md5, "/small", "CHECKSUM",
                "regards").replace("\"activateSmallFilePackaging\":false", "\"activateSmallFilePackaging\":true");
        Path cached = CACHE.resolve("project1/small").resolve(md5);

        FakeWorkerManager.Response answer = store(request);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        String endpoint = S3.getServiceEndpoint();
        assertThat(answer.contentJson()).isEqualTo(JSON.readTree("""
                {"fileProcessingMetadata":{"smallFileManaged":true,"cachePath":"%3$s","filename":"%1$s",
                   "storeParentUrl":"%2$s/regards/tenant1/small/","storeParentPath":"/tenant1/small/"},
                 "storeFileMetadata":{"@c":".FileMetadata","checksum":"%1$s","algorithm":"MD5",
                   "storedFileUrl":"file:%3$s","fileSizeInBytes":1000}}""".formatted(md5, endpoint, cached)));
        assertThat(cached).hasBinaryContent(content);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("regards").key("tenant1/small/" + md5)))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void fileAboveTheSmallFileLimitIsStoredEvenWhenPackagingIsActivated() throws Exception {
        byte[] content = randomBytes(70 * 1024);
        Path source = input("not-tiny.txt", content);
        String md5 = md5(content);
        String request = localRequest(source.toUri().toString(), md5, "notsmall", null, "CHECKSUM")
                .replace("\"activateSmallFilePackaging\":false", "\"activateSmallFilePackaging\":true");

        FakeWorkerManager.Response answer = store(request);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson().at("/fileProcessingMetadata/smallFileManaged").asBoolean()).isFalse();
        assertThat(answer.contentJson().at("/fileProcessingMetadata/cachePath").isNull()).isTrue();
        assertThat(STORE.resolve("notsmall").resolve(md5)).hasBinaryContent(content);
    }

    @Test
    void httpSourceOfAHostNotAllowedIsInvalidContentAndTheHostIsNeverReached() throws Exception {
        String url = "http://127.0.0.1:" + internal.getAddress().getPort() + "/secret";

        FakeWorkerManager.Response answer = store(localRequest(url, md5(new byte[0]), "reach-internal", null,
                "CHECKSUM"));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).containsExactly("url '" + url + "' is refused: its host 127.0.0.1:"
                + internal.getAddress().getPort() + " is not in worker.storage.http.allowed-hosts [127.0.0.1:"
                + http.getAddress().getPort() + "]");
        assertThat(INTERNAL_HITS).hasValue(0);
        assertThat(STORE.resolve("reach-internal")).doesNotExist();
        assertStillStores();
    }

    @Test
    void redirectToAHostNotAllowedIsNotFollowed() throws Exception {
        String url = httpUrl("/redirect/internal");

        FakeWorkerManager.Response answer = store(localRequest(url, md5(new byte[0]), "redirect-internal", null,
                "CHECKSUM"));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .startsWith("url '" + url + "' is redirected to 'http://127.0.0.1:" + internal.getAddress().getPort()
                        + "/secret', but is refused")
                .contains("worker.storage.http.allowed-hosts");
        assertThat(INTERNAL_HITS).hasValue(0);
        assertThat(STORE.resolve("redirect-internal")).doesNotExist();
        assertStillStores();
    }

    @Test
    void redirectToAnotherSchemeIsNotFollowed() throws Exception {
        byte[] content = randomBytes(300);
        input("redirect-target.dat", content);

        FakeWorkerManager.Response toFile = store(localRequest(httpUrl("/redirect/file"), md5(content),
                "redirect-scheme", null, "CHECKSUM"));
        FakeWorkerManager.Response toHttps = store(localRequest(httpUrl("/redirect/https"), md5(content),
                "redirect-scheme", null, "CHECKSUM"));

        assertThat(toFile.status()).isEqualTo("INVALID_CONTENT");
        assertThat(toFile.messages()).singleElement().asString()
                .endsWith("redirects to another scheme are not followed");
        assertThat(toHttps.status()).isEqualTo("INVALID_CONTENT");
        assertThat(toHttps.messages()).singleElement().asString()
                .endsWith("redirects to another scheme are not followed");
        assertThat(STORE.resolve("redirect-scheme")).doesNotExist();
        assertStillStores();
    }

    @Test
    void redirectWithinAnAllowedHostIsFollowed() throws Exception {
        byte[] content = randomBytes(3_000);
        HTTP_FILES.put("/data/redirected.bin", content);

        FakeWorkerManager.Response answer = store(localRequest(httpUrl("/redirect/data/redirected.bin"), md5(content),
                "redirect-ok", null, "CHECKSUM"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(STORE.resolve("redirect-ok").resolve(md5(content))).hasBinaryContent(content);
    }

    @Test
    void s3SourceInABucketNotListedForItsServerIsRefusedAndNothingIsStored() throws Exception {
        byte[] content = randomBytes(500);
        s3.putObject(b -> b.bucket("other-tenant").key("private.dat"), RequestBody.fromBytes(content));
        String url = S3.getServiceEndpoint() + "/other-tenant/private.dat";

        FakeWorkerManager.Response answer = store(localRequest(url, md5(content), "other-bucket", null, "FILENAME"));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).containsExactly("url '" + url + "' is refused: bucket 'other-tenant' is not in "
                + "worker.storage.s3-servers[0].buckets [regards, sources]");
        assertThat(STORE.resolve("other-bucket")).doesNotExist();
        assertStillStores();
    }

    @Test
    void s3DestinationOnAnEndpointNotConfiguredIsRefusedAndNothingIsWritten() throws Exception {
        byte[] content = randomBytes(400);
        Path source = input("to-other-endpoint.bin", content);
        String endpoint = "http://127.0.0.1:" + otherS3.port();

        FakeWorkerManager.Response answer = store(s3Request(endpoint, source.toUri().toString(), md5(content),
                "exfiltrated", "FILENAME", "regards"));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .startsWith("parameters.storageConfigDto.endpoint '" + endpoint + "' is not the endpoint of one of "
                        + "worker.storage.s3-servers [");
        assertThat(s3.listObjectsV2(b -> b.bucket("regards").prefix("tenant1/exfiltrated/")).contents()).isEmpty();
        assertStillStores();
    }

    @Test
    void userInfoOfUrlsNeverReachesAnswersOrLogs(CapturedOutput output) throws Exception {
        byte[] content = randomBytes(600);
        Path source = input("user-info.bin", content);
        String password = "leaky-password-0815";
        String refusedEndpoint = "http://leaky-user:" + password + "@127.0.0.1:" + otherS3.port();
        String acceptedEndpoint = S3.getServiceEndpoint().replace("://", "://leaky-user:" + password + "@");
        String refusedSource = "http://leaky-user:" + password + "@127.0.0.1:" + internal.getAddress().getPort() + "/x";

        FakeWorkerManager.Response refused = store(s3Request(refusedEndpoint, source.toUri().toString(), md5(content),
                "userinfo", "FILENAME", "regards"));
        FakeWorkerManager.Response refusedHttp = store(localRequest(refusedSource, md5(content), "userinfo", null,
                "FILENAME"));
        FakeWorkerManager.Response accepted = store(s3Request(acceptedEndpoint, source.toUri().toString(), md5(content),
                "userinfo", "FILENAME", "regards"));

        assertThat(refused.status()).isEqualTo("INVALID_CONTENT");
        assertThat(refusedHttp.status()).isEqualTo("INVALID_CONTENT");
        assertThat(accepted.status()).as(accepted.messages().toString()).isEqualTo("SUCCESS");
        assertThat(accepted.contentJson().at("/storeFileMetadata/storedFileUrl").asText())
                .isEqualTo(S3.getServiceEndpoint() + "/regards/tenant1/userinfo/user-info.bin");
        assertThat(refused.body() + " " + refusedHttp.body() + " " + accepted.body()).doesNotContain(password);
        assertThat(output.getAll()).doesNotContain(password);
    }

    @Test
    void endlessHttpBodyIsRefusedOnceItCrossesTheMaxFileSizeAndLeavesNoUploadBehind() throws Exception {
        String url = httpUrl("/endless/data/endless.bin");

        // 16 MB each: a slow machine may take a while.
        FakeWorkerManager.Response toS3 = manager.awaitAnswer(manager.submit(s3Request(S3.getServiceEndpoint(), url,
                md5(new byte[0]), "endless", "FILENAME", "regards")), Duration.ofSeconds(120));
        FakeWorkerManager.Response toDisk = manager.awaitAnswer(manager.submit(localRequest(url, md5(new byte[0]),
                "endless", null, "FILENAME")), Duration.ofSeconds(120));

        long limit = MAX_FILE_SIZE_MB * 1024L * 1024;
        assertThat(toS3.status()).isEqualTo("INVALID_CONTENT");
        assertThat(toS3.messages()).containsExactly("url '" + url + "' is larger than worker.storage.max-file-size ("
                + limit + " bytes); refused after " + (limit + 1) + " bytes, nothing was stored");
        assertThat(s3.listObjectsV2(b -> b.bucket("regards").prefix("tenant1/endless/")).contents()).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket("regards").prefix("tenant1/endless/")).uploads()).isEmpty();
        assertThat(toDisk.status()).isEqualTo("INVALID_CONTENT");
        assertThat(leftovers(STORE.resolve("endless"))).isEmpty();
        assertThat(STORE.resolve("endless/endless.bin")).doesNotExist();
        assertStillStores();
    }

    @Test
    void httpSourceDeclaringMoreThanTheMaxFileSizeIsRefusedBeforeReading() throws Exception {
        String url = httpUrl("/huge/data/huge.bin");

        FakeWorkerManager.Response answer = store(localRequest(url, md5(new byte[0]), "huge", null, "FILENAME"));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).containsExactly("url '" + url + "' is " + (MAX_FILE_SIZE_MB + 1) * 1024L * 1024
                + " bytes, larger than worker.storage.max-file-size (" + MAX_FILE_SIZE_MB * 1024L * 1024
                + " bytes); nothing was read");
        assertThat(STORE.resolve("huge")).doesNotExist();
        assertStillStores();
    }

    @Test
    void fifoAsSourceIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = INPUT.resolve("source.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();

        FakeWorkerManager.Response answer = store(localRequest(fifo.toUri().toString(), md5(new byte[0]), "fifo", null,
                "FILENAME"));
        FakeWorkerManager.Response directory = store(localRequest(INPUT.toUri().toString(), md5(new byte[0]), "fifo",
                null, "CHECKSUM"));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).containsExactly("url '" + fifo.toUri() + "' is not a regular file (a FIFO, socket "
                + "or device); it is not opened");
        assertThat(directory.status()).isEqualTo("INVALID_CONTENT");
        assertThat(directory.messages()).singleElement().asString().endsWith("is a directory; expected a regular file");
        assertThat(STORE.resolve("fifo")).doesNotExist();
        assertStillStores();
    }

    @Test
    void interruptedMultipartUploadIsAbortedAndNoObjectAppears() throws Exception {
        S3Connection server = new S3Connection(java.net.URI.create(S3.getServiceEndpoint()), "us-east-1", "", "");
        // The worker's own client (Apache HTTP client, no chunked encoding), as the S3 connector builds it.
        try (S3Client client = server.newClient(new Backoff(), Duration.ofSeconds(5))) {
            Destination destination = new S3Destination(client, server, "regards", "interrupted", "never.bin",
                    S3Destination.MIN_PART_SIZE, 2, null);

            // Past two parts: the multipart upload has begun.
            InterruptedTransfer.Outcome outcome = InterruptedTransfer.interruptAfter(destination,
                    2L * S3Destination.MIN_PART_SIZE + 1);

            assertThat(outcome.failure()).isInstanceOf(java.io.InterruptedIOException.class);
            assertThat(outcome.interruptFlagAfterwards()).isTrue();
        }
        assertThat(s3.listMultipartUploads(b -> b.bucket("regards").prefix("interrupted/")).uploads()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket("regards").prefix("interrupted/")).contents()).isEmpty();
    }

    @Test
    void refusedRequestOfOneTenantRemovesNothingOfAnotherTenantWithTheSameRequestId() throws Exception {
        byte[] content = randomBytes(800);
        Path source = input("isolated.dat", content);
        String md5 = md5(content);
        String requestId = "same-id-" + System.nanoTime();
        String good = localRequest(source.toUri().toString(), md5, "isolation", "/iso", "CHECKSUM")
                .replace("\"activateSmallFilePackaging\":false", "\"activateSmallFilePackaging\":true");
        String refused = good.replace(md5, "0123456789abcdef0123456789abcdef");
        Path cachedOfProject1 = CACHE.resolve("project1/iso").resolve(md5);

        FakeWorkerManager.Response first = submitAs("project1", requestId, good);
        FakeWorkerManager.Response second = submitAs("project2", requestId, refused);
        FakeWorkerManager.Response hostile = submitAs("project1/iso", requestId, good);

        assertThat(first.status()).as(first.messages().toString()).isEqualTo("SUCCESS");
        assertThat(second.status()).isEqualTo("ERROR");
        assertThat(hostile.status()).isEqualTo("INVALID_CONTENT");
        assertThat(hostile.messages()).containsExactly("regards.tenant 'project1/iso' cannot name a directory of the "
                + "small-file cache; expected a single path segment");
        assertThat(cachedOfProject1).hasBinaryContent(content);
        assertThat(leftovers(CACHE)).isEmpty();
        // The refused attempt removed the directories it had created, and only those.
        assertThat(CACHE.resolve("project2")).doesNotExist();
        assertThat(submitAs("project2", requestId, good).status()).isEqualTo("SUCCESS");
        assertThat(CACHE.resolve("project2/iso").resolve(md5)).hasBinaryContent(content);
    }

    private static FakeWorkerManager.Response submitAs(String tenant, String requestId, String body) {
        Map<String, Object> headers = new java.util.LinkedHashMap<>();
        headers.put("regards.tenant", tenant);
        headers.put("regards.request.id", requestId);
        headers.put("regards.request.owner", "test-owner");
        headers.put("regards.request.session", "test-session");
        headers.put("regards.request.content_type", TYPE + "-request");
        int before = manager.answers(requestId).size();
        manager.publish(headers, body.getBytes(StandardCharsets.UTF_8));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> manager.answers(requestId).size() > before);
        return manager.answers(requestId).get(before);
    }

    @Test
    void s3SourceLargerThanTheMaxFileSizeIsRefusedFromItsSizeBeforeReading() throws Exception {
        s3.putObject(b -> b.bucket("sources").key("two-kib.dat"), RequestBody.fromBytes(randomBytes(2048)));
        StorageProperties properties = new StorageProperties();
        StorageProperties.S3Server server = new StorageProperties.S3Server();
        server.setEndpoint(java.net.URI.create(S3.getServiceEndpoint()));
        properties.setS3Servers(java.util.List.of(server));
        String url = S3.getServiceEndpoint() + "/sources/two-kib.dat";
        try (S3Servers servers = new S3Servers(properties)) {
            Sources sources = new Sources(java.util.List.of(new S3SourceReader(servers)), DataSize.ofKilobytes(1));

            assertThatThrownBy(() -> sources.open("url", url)).isInstanceOf(InvalidContentException.class)
                    .hasMessage("url '" + url + "' is 2048 bytes, larger than worker.storage.max-file-size (1024 bytes); "
                            + "nothing was read");
        }
    }

    /** The worker that refused a request answers the next, normal one. */
    private static void assertStillStores() throws Exception {
        byte[] content = randomBytes(64);
        Path source = input("normal-" + System.nanoTime() + ".dat", content);

        FakeWorkerManager.Response answer = store(localRequest(source.toUri().toString(), md5(content), "normal", null,
                "CHECKSUM"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
    }

    /** Created when the worker's settings are read, once S3Mock has its port. */
    static synchronized FlakyTcpProxy flakyS3() {
        if (flakyS3 == null) {
            try {
                flakyS3 = new FlakyTcpProxy(S3.getHttpPort(), 6);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return flakyS3;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // the JVM ends with the tests
        }
    }

    private static FakeWorkerManager.Response store(String request) {
        return manager.awaitAnswer(manager.submit(request));
    }

    private static String localRequest(String url, String checksum, String base, String directory, String naming) {
        return """
                {"checksum":"%s","algorithm":"MD5","url":"%s","destinationDirectory":%s,"computeImageSize":false,
                 "activateSmallFilePackaging":false,
                 "parameters":{"fileNamingStrategy":"%s","baseStorageLocationAsString":"%s"},
                 "messageProperties":{"ignored":true}}"""
                .formatted(checksum, url, directory == null ? "null" : "\"" + directory + "\"", naming,
                        STORE.resolve(base));
    }

    private static String s3Request(String endpoint, String url, String checksum, String directory, String naming,
                                    String bucket) {
        return """
                {"checksum":"%s","algorithm":"MD5","url":"%s","destinationDirectory":"%s","computeImageSize":false,
                 "activateSmallFilePackaging":false,
                 "parameters":{"fileNamingStrategy":"%s","multipartThresholdMb":5,"nbParallelPartsUpload":2,
                   "storageConfigDto":{"endpoint":"%s","region":"fr-1","key":"%s","secret":"%s",
                     "bucket":"%s","rootPath":"tenant1","maxRetriesNumber":null,"retryBackOffBaseDuration":null,
                     "retryBackOffMaxDuration":null},
                   "rawWorkspacePath":"/workspace","smallFileMaxSize":1048576,"standardStorageClassName":null}}"""
                .formatted(checksum, url, directory, naming, endpoint, KEY, SECRET, bucket);
    }

    private static String httpUrl(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    private static Path input(String name, byte[] content) throws IOException {
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

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static String md5(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(10, 10, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("storage-worker-test").toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
