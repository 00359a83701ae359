package io.camelworker.reliability;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import io.camelworker.fixtures.InProcessS3;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.TcpProxy;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the storage under the storage worker: the S3 server going down in the middle of a multipart upload and
 * coming back, and a local destination disk that is full.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class StorageFaultIT {

    @RegisterExtension
    static final S3MockExtension S3 = InProcessS3.withBuckets("regards");

    static final String TYPE = FakeWorkerManager.uniqueType("storage-fault-worker");
    static final int MB = 1024 * 1024;
    static final int MAX_ATTEMPTS = 3;
    static final Path ROOT = createRoot();
    static final Path INPUT = ROOT.resolve("input");
    static final Path STORE = ROOT.resolve("store");
    /** Where a 2 MB tmpfs is mounted, once mounted. */
    static Path fullDisk;

    static FakeWorkerManager manager;
    static S3Client s3;
    /** One proxy per test, in front of S3Mock: configured as S3 servers, since destinations must be configured ones. */
    static final TcpProxy[] PROXIES = new TcpProxy[2];

    @BeforeAll
    static void start() throws IOException {
        manager = new FakeWorkerManager(TYPE);
        s3 = S3.createS3ClientV2();
        Files.createDirectories(INPUT);
        Files.createDirectories(STORE);
    }

    @AfterAll
    static void stop() throws Exception {
        manager.close();
        for (TcpProxy proxy : PROXIES) {
            if (proxy != null) {
                proxy.close();
            }
        }
        if (fullDisk != null) {
            run("umount", fullDisk.toString());
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/storage-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        // Two requests at once, so that small stores run while the large one is cut.
        registry.add("worker.concurrency", () -> "2");
        registry.add("worker.retry.initial-interval", () -> "200ms");
        registry.add("worker.retry.max-attempts", () -> String.valueOf(MAX_ATTEMPTS));
        registry.add("worker.files.allowed-roots[0]", INPUT::toString);
        registry.add("worker.files.allowed-roots[1]", STORE::toString);
        registry.add("worker.storage.s3-servers[0].endpoint", () -> "http://127.0.0.1:" + proxy(0).port());
        registry.add("worker.storage.s3-servers[1].endpoint", () -> "http://127.0.0.1:" + proxy(1).port());
    }

    /** Created when the worker's settings are read, once S3Mock has its port. */
    static synchronized TcpProxy proxy(int index) {
        if (PROXIES[index] == null) {
            try {
                PROXIES[index] = new TcpProxy(S3.getHttpPort());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return PROXIES[index];
    }

    @Test
    void anS3ServerGoingDownMidUploadAndComingBackEndsWithEveryObjectCompleteAndNoUploadLeft() throws Exception {
        Path large = input("large.bin", 30 * MB + 4321);
        List<Path> small = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            small.add(input("small-" + i + ".bin", 200_000 + i));
        }
        TcpProxy proxy = proxy(0);
        String endpoint = "http://127.0.0.1:" + proxy.port();
        // Down once 12 MB have gone to S3: in the middle of the third of six 5 MB parts.
        proxy.goDownAfter(12L * MB);
        List<String> sent = new ArrayList<>();
        sent.add(manager.submit(s3Request(endpoint, large, "outage")));
        for (Path file : small) {
            sent.add(manager.submit(s3Request(endpoint, file, "outage")));
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> proxy.refused() >= 1);
        proxy.restore();
        await().atMost(Duration.ofSeconds(60)).until(() -> manager.answersTo(sent).size() >= sent.size());

        FaultReport report = FaultReport.of(sent, manager.answersTo(sent));
        report.print("S3 server down mid-upload (30 MB multipart + 9 small stores), back after refusing "
                + proxy.refused() + " connection(s)");
        assertThat(report).isEqualTo(new FaultReport(10, 10, 0, 0));
        assertThat(manager.responsesTo(sent)).allSatisfy(r ->
                assertThat(r.status()).as(r.messages().toString()).isEqualTo("SUCCESS"));
        List<S3Object> objects = s3.listObjectsV2(b -> b.bucket("regards").prefix("tenant1/outage/")).contents();
        assertThat(objects).extracting(S3Object::key).containsExactlyInAnyOrderElementsOf(
                Stream.concat(Stream.of(large), small.stream()).map(f -> "tenant1/outage/" + f.getFileName()).toList());
        for (Path file : Stream.concat(Stream.of(large), small.stream()).toList()) {
            String key = "tenant1/outage/" + file.getFileName();
            try (InputStream stored = s3.getObject(b -> b.bucket("regards").key(key))) {
                assertThat(md5(stored)).as(key).isEqualTo(md5(file));
            }
        }
        assertThat(s3.listMultipartUploads(b -> b.bucket("regards").prefix("tenant1/outage/")).uploads()).isEmpty();
    }

    @Test
    void anS3OutageOutlastingTheClientRetriesIsRetriedByTheWorkerAndTheObjectIsCompleteAndAlone(CapturedOutput output)
            throws Exception {
        Path large = input("long-outage.bin", 12 * MB + 99);
        String id;
        TcpProxy proxy = proxy(1);
        proxy.goDownAfter(7L * MB);
        id = manager.submit(s3Request("http://127.0.0.1:" + proxy.port(), large, "long-outage"));

        // Down until the S3 client has given up and the worker has failed the attempt: only the worker's retry of
        // the whole request (worker.retry.*) can store the file.
        await().atMost(Duration.ofSeconds(60)).until(() -> output.getAll().lines().anyMatch(line ->
                line.contains("request=" + id + "]") && line.contains("failed unexpectedly")));
        proxy.restore();
        FakeWorkerManager.Response answer = manager.awaitAnswer(id, Duration.ofSeconds(60));

        FaultReport report = FaultReport.of(List.of(id), manager.answersTo(List.of(id)));
        report.print("S3 server down mid-upload longer than the S3 client's retries (12 MB multipart), back after "
                + "refusing " + proxy.refused() + " connection(s)");
        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(report).isEqualTo(new FaultReport(1, 1, 0, 0));
        String key = "tenant1/long-outage/long-outage.bin";
        assertThat(s3.listObjectsV2(b -> b.bucket("regards").prefix("tenant1/long-outage/")).contents())
                .extracting(S3Object::key).containsExactly(key);
        try (InputStream stored = s3.getObject(b -> b.bucket("regards").key(key))) {
            assertThat(md5(stored)).isEqualTo(md5(large));
        }
        // The failed attempt could not abort its multipart upload while the server was down: the attempt that
        // completed the object aborted it.
        assertThat(s3.listMultipartUploads(b -> b.bucket("regards").prefix("tenant1/long-outage/")).uploads()).isEmpty();
    }

    @Test
    void aFullDestinationDiskIsAnErrorNamingTheCauseAndLeavesNoPartialFile() throws Exception {
        Path mountPoint = Files.createDirectories(STORE.resolve("full-disk"));
        String mounted = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(mounted == null, () -> "a 2 MB tmpfs cannot be mounted here (the test needs root and "
                + "the mount permission): " + mounted);
        fullDisk = mountPoint;
        Path tooLarge = input("too-large.bin", 5 * MB);
        Path fits = input("fits.bin", 1536 * 1024);

        String id = manager.submit(localRequest(tooLarge, mountPoint, "d"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !manager.answers(id).isEmpty()
                || !manager.deadLetters(id).isEmpty());
        // The space of the partial file is given back: a file of three quarters of the disk fits right after.
        String next = manager.submit(localRequest(fits, mountPoint, "d"));
        FakeWorkerManager.Response stored = manager.awaitAnswer(next);

        FaultReport report = FaultReport.of(List.of(id, next), manager.answersTo(List.of(id, next)));
        report.print("destination disk full (5 MB file to a 2 MB tmpfs, then a 1.5 MB file)");
        assertThat(manager.deadLetters(id)).isEmpty();
        FakeWorkerManager.Response answer = manager.answers(id).get(0);
        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString().contains("No space left on device",
                mountPoint.resolve("d").toString());
        assertThat(stored.status()).as(stored.messages().toString()).isEqualTo("SUCCESS");
        try (Stream<Path> files = Files.list(mountPoint.resolve("d"))) {
            assertThat(files).containsExactly(mountPoint.resolve("d").resolve(md5(fits)));
        }
        assertThat(report).isEqualTo(new FaultReport(2, 2, 0, 0));
    }

    private static String s3Request(String endpoint, Path source, String directory) throws Exception {
        return """
                {"checksum":"%s","algorithm":"MD5","url":"%s","destinationDirectory":"%s","computeImageSize":false,
                 "activateSmallFilePackaging":false,
                 "parameters":{"fileNamingStrategy":"FILENAME","multipartThresholdMb":5,"nbParallelPartsUpload":2,
                   "storageConfigDto":{"endpoint":"%s","region":"fr-1","key":"k","secret":"s","bucket":"regards",
                     "rootPath":"tenant1"}}}"""
                .formatted(md5(source), source.toUri(), directory, endpoint);
    }

    private static String localRequest(Path source, Path base, String directory) throws Exception {
        return """
                {"checksum":"%s","algorithm":"MD5","url":"%s","destinationDirectory":"%s","computeImageSize":false,
                 "activateSmallFilePackaging":false,
                 "parameters":{"fileNamingStrategy":"CHECKSUM","baseStorageLocationAsString":"%s"}}"""
                .formatted(md5(source), source.toUri(), directory, base);
    }

    private static Path input(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(INPUT.resolve(name), bytes);
    }

    private static String md5(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return md5(in);
        }
    }

    private static String md5(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        byte[] buffer = new byte[1 << 16];
        for (int read; (read = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return String.join(" ", command) + " cannot be run: " + e.getMessage();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not end within 30 s";
        }
        String printed;
        try (InputStream out = process.getInputStream()) {
            printed = new String(out.readAllBytes());
        } catch (IOException e) {
            printed = e.getMessage();
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + " exited with " + process.exitValue()
                + ": " + printed;
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("storage-fault-test").toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
