package io.camelworker.steps.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LTA product zip extraction worker end to end: the test plays the Worker Manager on the real broker and submits
 * {@code LtaWorkerRequestDto} bodies whose ZIP files are real, hostile, corrupt or already half extracted.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ArchiveExtractionWorkerIT {

    static final String TYPE = FakeWorkerManager.uniqueType("Lta-Zip-Extraction");
    static final String TENANT = "project1";
    static final String OTHER_TENANT = "project2";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path INPUT;
    static final Path WORKSPACE;
    static final FakeWorkerManager manager = new FakeWorkerManager(TYPE);

    static {
        try {
            Path base = Files.createTempDirectory("archive-worker-test");
            INPUT = Files.createDirectories(base.resolve("input"));
            WORKSPACE = base.resolve("workspace");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/archive-extraction-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> TENANT + "," + OTHER_TENANT);
        registry.add("worker.files.allowed-roots", () -> INPUT + "," + WORKSPACE);
        registry.add("worker.extraction.workspace", WORKSPACE::toString);
        registry.add("worker.extraction.max-entries", () -> "50");
        registry.add("worker.extraction.max-total-bytes", () -> "5000000");
        registry.add("worker.extraction.max-ratio", () -> "50");
        registry.add("worker.extraction.ratio-min-bytes", () -> "65536");
        registry.add("worker.extraction.type-rules[0].pattern", () -> "quicklooks/.*\\.png");
        registry.add("worker.extraction.type-rules[0].type", () -> "QUICKLOOK_SD");
    }

    @AfterAll
    static void closeManager() throws IOException {
        manager.close();
        ExtractionWorkspace.deleteTree(INPUT.getParent());
    }

    @Test
    void productZipIsReplacedByItsExtractedFilesAndEverythingElseIsKept() throws IOException {
        Map<String, byte[]> tree = TestArchives.productTree();
        Path zip = TestArchives.zip(INPUT.resolve(UUID.randomUUID() + ".zip"), tree);
        String id = UUID.randomUUID().toString();

        FakeWorkerManager.Response answer = manager.awaitAnswer(submit(id, ltaRequest(zip, TestArchives.md5(zip))));

        assertThat(answer.status()).isEqualTo("SUCCESS");
        JsonNode extracted = answer.contentJson();
        ObjectNode expected = ltaRequest(zip, TestArchives.md5(zip));
        ArrayNode files = (ArrayNode) expected.get("product").get("files");
        files.remove(1);
        Path content = WORKSPACE.resolve(TENANT).resolve(id).resolve("product.zip").resolve("content");
        for (String path : List.of("data/level1/level2/raw.bin", "data/level1/measures.csv", "quicklooks/ql.png", "readme.txt")) {
            Path file = content.resolve(path);
            assertThat(file).hasBinaryContent(tree.get(path));
            ObjectNode entry = files.insertObject(files.size() - 1);
            entry.put("type", path.endsWith(".png") ? "QUICKLOOK_SD" : "RAWDATA");
            entry.put("url", file.toUri().toString());
            entry.put("filename", file.getFileName().toString());
            entry.put("checksumMd5", TestArchives.md5(tree.get(path)));
            entry.put("mimeType", Map.of("bin", "application/octet-stream", "csv", "text/csv", "png", "image/png",
                    "txt", "text/plain").get(path.substring(path.lastIndexOf('.') + 1)));
        }
        assertThat(extracted).isEqualTo(expected);
    }

    @Test
    void redeliveredRequestReusesTheExtractionAndGetsTheSameAnswer() throws IOException {
        Path zip = TestArchives.zip(INPUT.resolve(UUID.randomUUID() + ".zip"), TestArchives.productTree());
        ObjectNode request = ltaRequest(zip, TestArchives.md5(zip));
        String id = UUID.randomUUID().toString();
        JsonNode first = manager.awaitAnswer(submit(id, request)).contentJson();

        submit(id, request);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> manager.answers(id).size() == 2);
        assertThat(manager.answers(id).get(1).status()).isEqualTo("SUCCESS");
        assertThat(manager.answers(id).get(1).contentJson()).isEqualTo(first);
    }

    @Test
    void redeliveryAfterACrashInTheMiddleOfExtractionIsAnsweredWithACompleteExtraction() throws IOException {
        Map<String, byte[]> tree = TestArchives.productTree();
        Path zip = TestArchives.zip(INPUT.resolve(UUID.randomUUID() + ".zip"), tree);
        String id = UUID.randomUUID().toString();
        Path request = WORKSPACE.resolve(TENANT).resolve(id);
        Files.createDirectories(request.resolve("product.zip.partial-crashed/content/data/level1"));
        Files.write(request.resolve("product.zip.partial-crashed/content/data/level1/measures.csv"), new byte[3]);
        Files.createDirectories(request.resolve("product.zip/content"));
        Files.writeString(request.resolve("product.zip/content/readme.txt"), "half");

        FakeWorkerManager.Response answer = manager.awaitAnswer(submit(id, ltaRequest(zip, TestArchives.md5(zip))));

        assertThat(answer.status()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson().at("/product/files")).hasSize(6);
        for (Map.Entry<String, byte[]> entry : tree.entrySet()) {
            if (entry.getValue() != null) {
                assertThat(request.resolve("product.zip/content").resolve(entry.getKey())).hasBinaryContent(entry.getValue());
            }
        }
        try (Stream<Path> left = Files.list(request)) {
            assertThat(left).containsExactly(request.resolve("product.zip"));
        }
    }

    static Stream<Arguments> hostileArchives() {
        return Stream.of(
                Arguments.of("parent traversal", (Archive) f -> TestArchives.zipOf(f, "../../evil.txt", TestArchives.text("x")),
                        "archive entry '../../evil.txt' contains '..'"),
                Arguments.of("absolute path", (Archive) f -> TestArchives.zipOf(f, "/tmp/evil.txt", TestArchives.text("x")),
                        "archive entry '/tmp/evil.txt' is an absolute path"),
                Arguments.of("drive letter", (Archive) f -> TestArchives.zipOf(f, "C:/evil.txt", TestArchives.text("x")),
                        "archive entry 'C:/evil.txt' starts with a drive letter"),
                Arguments.of("backslash", (Archive) f -> TestArchives.tar(f, false, Map.of("a\\evil.txt", TestArchives.text("x"))),
                        "archive entry 'a\\evil.txt' has a backslash"),
                Arguments.of("symbolic link", (Archive) TestArchives::zipWithSymlink, "archive entry 'link' is a symbolic link"),
                Arguments.of("hard link", (Archive) f -> TestArchives.tarWithLink(f, true), "archive entry 'link' is a hard link"),
                Arguments.of("too many entries", (Archive) f -> TestArchives.manyEntries(f, 51),
                        "end of central directory record claims 51 entries, more than the limit of 50 (worker.extraction.max-entries)"),
                Arguments.of("too many bytes", (Archive) f -> TestArchives.zipOf(f, "big.bin", TestArchives.bytes(5_000_001, 1)),
                        "archive entry 'big.bin' makes the request extract more than 5000000 bytes (worker.extraction.max-total-bytes)"),
                Arguments.of("zip bomb with lying headers", (Archive) f -> TestArchives.bomb(f, 4_000_000, true),
                        "entry 'zeros.bin' exceeds the compression ratio limit of 50.0 (worker.extraction.max-ratio)"),
                Arguments.of("encrypted", (Archive) TestArchives::encryptedZip, "archive entry 'secret.txt' is encrypted"),
                Arguments.of("tar fifo", (Archive) f -> TestArchives.tarWithSpecial(f, TarConstants.LF_FIFO),
                        "archive entry 'special' is a fifo; only regular files and directories are extracted"),
                Arguments.of("tar character device", (Archive) f -> TestArchives.tarWithSpecial(f, TarConstants.LF_CHR),
                        "archive entry 'special' is a character device"),
                Arguments.of("300-character name", (Archive) f -> TestArchives.tar(f, false,
                        Map.of("n".repeat(300), TestArchives.text("x"))),
                        "(300 characters) has a file name of 300 bytes, more than the limit of 255 file systems accept"),
                Arguments.of("2,100-level path", (Archive) f -> TestArchives.tar(f, false,
                        Map.of("d/".repeat(2100) + "f", TestArchives.text("x"))),
                        "(4201 characters) has a path of 4201 bytes, more than the limit of 2048"),
                Arguments.of("corrupt data", (Archive) f -> TestArchives.damaged(
                        TestArchives.zipOf(f, "raw.bin", TestArchives.bytes(100_000, 2))), "entry 'raw.bin'"),
                Arguments.of("corrupt download", (Archive) f -> TestArchives.truncated(
                        TestArchives.zip(f, TestArchives.productTree())), "corrupt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void hostileArchiveIsAnsweredInvalidContentNamingTheEntryAndLeavesNothingBehind(String kind, Archive archive, String why)
            throws IOException {
        Path file = archive.build(INPUT.resolve(UUID.randomUUID() + ".zip"));
        String id = UUID.randomUUID().toString();

        FakeWorkerManager.Response answer = manager.awaitAnswer(submit(id, ltaRequest(file, TestArchives.md5(file))));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .startsWith("product.files[1] '" + file.toUri() + "': ").contains(why);
        assertThat(WORKSPACE.resolve(TENANT).resolve(id)).doesNotExist();
        assertThat(INPUT.getParent().resolve("evil.txt")).doesNotExist();
        assertThat(Path.of("/tmp/evil.txt")).doesNotExist();
    }

    @Test
    void zipListingMoreEntriesThanTheLimitIsRefusedBeforeItIsParsedAndTheWorkerAnswersTheNextRequest() throws IOException {
        // Real entries, 100,000 of them (zip64): parsing them all is what exhausted the heap at a few million.
        Path zip = TestArchives.manyEmptyEntries(INPUT.resolve(UUID.randomUUID() + ".zip"), 100_000);
        FakeWorkerManager.Response answer;
        try {
            answer = manager.awaitAnswer(submit(UUID.randomUUID().toString(), ltaRequest(zip, TestArchives.md5(zip))));
        } finally {
            Files.delete(zip);
        }

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).containsExactly("product.files[1] '" + zip.toUri() + "': archive '" + zip.getFileName()
                + "' zip64 end of central directory record claims 100000 entries, more than the limit of 50 "
                + "(worker.extraction.max-entries)");
        assertTheWorkerStillExtracts();
    }

    @Test
    void archiveListedSeveralTimesInARequestCountsAgainstOneBudgetAndLeavesNothingWhenRefused() throws IOException {
        // 2 MB each, within max-total-bytes (5 MB) alone; the third copy takes the request past it.
        Path zip = TestArchives.zipOf(INPUT.resolve(UUID.randomUUID() + ".zip"), "raw.bin", TestArchives.bytes(2_000_000, 9));
        ObjectNode request = ltaRequest(zip, TestArchives.md5(zip));
        ArrayNode files = (ArrayNode) request.get("product").get("files");
        files.add(files.get(1).deepCopy());
        files.add(files.get(1).deepCopy());
        String id = UUID.randomUUID().toString();

        FakeWorkerManager.Response answer = manager.awaitAnswer(submit(id, request));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).containsExactly("product.files[4] '" + zip.toUri() + "': archive entry 'raw.bin' "
                + "makes the request extract more than 5000000 bytes (worker.extraction.max-total-bytes)");
        assertThat(WORKSPACE.resolve(TENANT).resolve(id)).doesNotExist();
    }

    @Test
    void refusalOfAnotherTenantsRequestOfTheSameIdLeavesTheFirstTenantsFilesIntact() throws IOException {
        Map<String, byte[]> tree = TestArchives.productTree();
        Path good = TestArchives.zip(INPUT.resolve(UUID.randomUUID() + ".zip"), tree);
        Path evil = TestArchives.zipOf(INPUT.resolve(UUID.randomUUID() + ".zip"), "../evil.txt", TestArchives.text("x"));
        String id = UUID.randomUUID().toString();
        assertThat(manager.awaitAnswer(submit(TENANT, id, ltaRequest(good, TestArchives.md5(good)))).status())
                .isEqualTo("SUCCESS");

        submit(OTHER_TENANT, id, ltaRequest(evil, TestArchives.md5(evil)));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> manager.answers(id).size() == 2);
        FakeWorkerManager.Response refused = manager.answers(id).get(1);
        assertThat(refused.tenant()).isEqualTo(OTHER_TENANT);
        assertThat(refused.status()).isEqualTo("INVALID_CONTENT");
        Path content = WORKSPACE.resolve(TENANT).resolve(id).resolve("product.zip").resolve("content");
        for (Map.Entry<String, byte[]> entry : tree.entrySet()) {
            if (entry.getValue() != null) {
                assertThat(content.resolve(entry.getKey())).hasBinaryContent(entry.getValue());
            }
        }
        assertThat(WORKSPACE.resolve(OTHER_TENANT).resolve(id)).doesNotExist();
    }

    @Test
    void fifoGivenAsTheArchiveIsRefusedWithoutBlockingAndTheWorkerAnswersTheNextRequest() throws Exception {
        Path fifo = INPUT.resolve(UUID.randomUUID() + ".zip");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        try {
            FakeWorkerManager.Response answer = manager.awaitAnswer(submit(UUID.randomUUID().toString(),
                    ltaRequest(fifo, "ffffffffffffffffffffffffffffffff")));

            assertThat(answer.status()).isIn("ERROR", "INVALID_CONTENT");
            assertThat(answer.messages()).singleElement().asString()
                    .startsWith("product.files[1] url '" + fifo.toUri() + "'").contains("regular file");
        } finally {
            Files.delete(fifo);
        }
        assertTheWorkerStillExtracts();
    }

    void assertTheWorkerStillExtracts() throws IOException {
        Path good = TestArchives.zip(INPUT.resolve(UUID.randomUUID() + ".zip"), TestArchives.productTree());
        FakeWorkerManager.Response next = manager.awaitAnswer(submit(UUID.randomUUID().toString(),
                ltaRequest(good, TestArchives.md5(good))));
        assertThat(next.status()).isEqualTo("SUCCESS");
        assertThat(next.contentJson().at("/product/files")).hasSize(6);
    }

    @Test
    void checksumMismatchIsAnsweredErrorNamingTheExpectedValueOnly() throws IOException {
        Path zip = TestArchives.zip(INPUT.resolve(UUID.randomUUID() + ".zip"), TestArchives.productTree());
        String id = UUID.randomUUID().toString();

        FakeWorkerManager.Response answer = manager.awaitAnswer(
                submit(id, ltaRequest(zip, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")));

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).containsExactly("product.files[1] checksumMd5 mismatch for '" + zip.toUri()
                + "': expected ffffffffffffffffffffffffffffffff, the archive's content differs");
        assertThat(answer.messages().toString()).doesNotContain(TestArchives.md5(zip));
        assertThat(WORKSPACE.resolve(TENANT).resolve(id)).doesNotExist();
    }

    @Test
    void missingArchiveIsAnsweredError() throws IOException {
        Path zip = INPUT.resolve("missing.zip");

        FakeWorkerManager.Response answer = manager.awaitAnswer(
                submit(UUID.randomUUID().toString(), ltaRequest(zip, "ffffffffffffffffffffffffffffffff")));

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString()
                .startsWith("product.files[1] url '" + zip.toUri() + "' does not exist");
    }

    @Test
    void archiveOutsideTheAllowedRootsIsAnsweredInvalidContent() throws IOException {
        FakeWorkerManager.Response answer = manager.awaitAnswer(
                submit(UUID.randomUUID().toString(), ltaRequest(Path.of("/etc/passwd"), "ffffffffffffffffffffffffffffffff")));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages().get(0)).startsWith("product.files[1] url 'file:///etc/passwd' is outside the allowed roots");
    }

    @Test
    void requestWithoutProductFilesIsAnsweredInvalidContent() {
        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit("{\"storage\":\"LTA\",\"product\":{}}"));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).containsExactly("field 'product.files' must be an array");
    }

    /** Builds an archive at the given path. */
    @FunctionalInterface
    interface Archive {
        Path build(Path file) throws IOException;
    }

    /** An LtaWorkerRequestDto as LTA sends it, with fields this worker does not know, and the archive as second file. */
    static ObjectNode ltaRequest(Path zip, String checksumMd5) throws IOException {
        return (ObjectNode) JSON.readTree("""
                {"storage":"LTA","dataTypeStorePath":"/2024/01/15","model":"MODEL01","replace":false,"futureField":{"a":1},
                 "product":{"correlationId":"corr-1","productId":"product-1","datatype":"DT1","geometry":null,
                   "files":[
                     {"type":"THUMBNAIL","url":"file:/input/LTA/2519/thumbnail-4.png","filename":"thumbnail-4.png",
                      "checksumMd5":"fb86d8e1a5b9d3f1e2c4a6b8d0f2e4a6","mimeType":"image/png","unknownFileField":true},
                     {"type":"ZIP","url":"%s","filename":"product.zip","checksumMd5":"%s","mimeType":"application/zip"},
                     {"type":"DOCUMENT","url":"file:/input/LTA/2519/doc.pdf","filename":"doc.pdf",
                      "checksumMd5":"0a86d8e1a5b9d3f1e2c4a6b8d0f2e4a6","mimeType":"application/pdf"}],
                   "tags":["t1"],"originUrn":null,"properties":{"orbit":12},"storePath":null,"session":"s1",
                   "replaceMode":false,"owner":"me","originRequestAppId":"app","originRequestPriority":1}}
                """.formatted(zip.toUri(), checksumMd5));
    }

    static String submit(String requestId, JsonNode body) throws IOException {
        return submit(TENANT, requestId, body);
    }

    static String submit(String tenant, String requestId, JsonNode body) throws IOException {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", tenant);
        headers.put("regards.request.id", requestId);
        headers.put("regards.request.owner", "lta");
        headers.put("regards.request.session", "s1");
        headers.put("regards.request.content_type", "lta-request");
        manager.publish(headers, JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        return requestId;
    }
}
