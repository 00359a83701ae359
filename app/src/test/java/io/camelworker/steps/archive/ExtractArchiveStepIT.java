package io.camelworker.steps.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The reusable {@code archive:extract} step in another route, end to end through the fake Worker Manager. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ExtractArchiveStepIT {

    static final String TYPE = FakeWorkerManager.uniqueType("Extract-Archive");
    static final FakeWorkerManager manager = new FakeWorkerManager(TYPE);
    static final Path BASE;

    static {
        try {
            BASE = Files.createTempDirectory("extract-archive-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "classpath:test-routes/extract-archive.camel.yaml");
        registry.add("test.extract-archive.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.files.allowed-roots", BASE::toString);
        registry.add("worker.extraction.workspace", () -> BASE.resolve("ws").toString());
    }

    @AfterAll
    static void closeManager() throws IOException {
        manager.close();
        ExtractionWorkspace.deleteTree(BASE);
    }

    @Test
    void tarGzIsExtractedAndDescribedFileByFile() throws IOException {
        Map<String, byte[]> tree = TestArchives.productTree();
        Path tgz = TestArchives.tar(BASE.resolve(UUID.randomUUID() + ".tar.gz"), true, tree);

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(tgz.toUri().toString()));

        assertThat(answer.status()).isEqualTo("SUCCESS");
        JsonNode result = answer.contentJson();
        assertThat(result.get("reused").asBoolean()).isFalse();
        assertThat(result.get("files")).hasSize(4);
        JsonNode csv = result.get("files").get(1);
        assertThat(csv.get("path").asText()).isEqualTo("data/level1/measures.csv");
        assertThat(csv.get("filename").asText()).isEqualTo("measures.csv");
        assertThat(csv.get("size").asLong()).isEqualTo(tree.get("data/level1/measures.csv").length);
        assertThat(csv.get("checksumMd5").asText()).isEqualTo(TestArchives.md5(tree.get("data/level1/measures.csv")));
        assertThat(csv.get("mimeType").asText()).isEqualTo("text/csv");
        assertThat(Path.of(java.net.URI.create(csv.get("url").asText()))).hasBinaryContent(tree.get("data/level1/measures.csv"));
        assertThat(csv.get("url").asText()).startsWith(result.get("directory").asText());
    }

    @Test
    void hostileArchiveIsAnsweredInvalidContent() throws IOException {
        Path zip = TestArchives.zipWithSymlink(BASE.resolve(UUID.randomUUID() + ".zip"));

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(zip.toUri().toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages().get(0)).endsWith("archive entry 'link' is a symbolic link; links are not extracted");
    }
}
