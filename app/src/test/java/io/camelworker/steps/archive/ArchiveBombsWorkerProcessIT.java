package io.camelworker.steps.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Allocation bombs in archive headers, given to an archive worker started as its own JVM with the image's flags
 * ({@code -Xmx352m -XX:+ExitOnOutOfMemoryError}): each is answered INVALID_CONTENT naming the archive and the limit,
 * and the same process answers the next request SUCCESS.
 */
class ArchiveBombsWorkerProcessIT {

    static final String TYPE = FakeWorkerManager.uniqueType("Archive-Bombs");
    static final String TENANT = "project1";
    static final ObjectMapper JSON = new ObjectMapper();
    static final FakeWorkerManager manager = new FakeWorkerManager(TYPE);

    @TempDir
    static Path dir;
    static Path input;
    static WorkerProcess worker;

    @BeforeAll
    static void startWorker() throws Exception {
        input = Files.createDirectories(dir.resolve("input"));
        Path workspace = dir.resolve("workspace");
        worker = WorkerProcess.start(dir, "archive-bombs", List.of("-XX:+ExitOnOutOfMemoryError"),
                "--camel.main.routes-include-pattern=file:routes/archive-extraction-worker.camel.yaml",
                "--worker.type=" + TYPE, "--worker.tenants=" + TENANT, "--worker.instance-id=archive-bombs",
                "--worker.files.allowed-roots=" + input + "," + workspace,
                "--worker.extraction.workspace=" + workspace);
        await().atMost(WorkerProcess.STARTUP).until(() -> WorkerProcess.heartbeats(manager, "archive-bombs") > 0
                || !worker.isAlive());
        assertThat(worker.isAlive()).as("worker started:\n%s", worker.log()).isTrue();
    }

    @AfterAll
    static void stopWorker() throws Exception {
        worker.close();
        manager.close();
    }

    @Test
    void aGnuLongNameOf200MbIsInvalidContentAndTheSameProcessAnswersTheNext() throws Exception {
        Path bomb = HostileArchives.gnuLongName(input.resolve("longname.tar.gz"), 200L * 1024 * 1024);
        assertThat(Files.size(bomb)).isLessThan(1024 * 1024);

        assertRefusedAndWorkerGoesOn(bomb, "worker.sandbox.heap");
    }

    @Test
    void aPaxHeaderOf200MbIsInvalidContentAndTheSameProcessAnswersTheNext() throws Exception {
        Path bomb = HostileArchives.paxHeader(input.resolve("pax.tar.gz"), 200L * 1024 * 1024);
        assertThat(Files.size(bomb)).isLessThan(1024 * 1024);

        assertRefusedAndWorkerGoesOn(bomb, "worker.sandbox.heap");
    }

    @Test
    void aGzipFileNameWithoutEndIsInvalidContentAndTheSameProcessAnswersTheNext() throws Exception {
        Path bomb = HostileArchives.gzipNameWithoutEnd(input.resolve("fname.tar.gz"), 100L * 1024 * 1024);
        try {
            assertRefusedAndWorkerGoesOn(bomb, "worker.sandbox.heap");
        } finally {
            Files.deleteIfExists(bomb);
        }
    }

    @Test
    void zipBombsAreInvalidContentAndTheSameProcessAnswersTheNext() throws Exception {
        assertRefusedAndWorkerGoesOn(TestArchives.bomb(input.resolve("bomb.zip"), 50_000_000, true), "worker.extraction.max-ratio");
        assertRefusedAndWorkerGoesOn(TestArchives.overlapping(input.resolve("overlap.zip"), 1_000_000, 200), "overlap");
    }

    private static void assertRefusedAndWorkerGoesOn(Path archive, String limit) throws IOException {
        long pid = worker.pid();
        FakeWorkerManager.Response answer = manager.awaitAnswer(submit(archive, TestArchives.md5(archive)),
                Duration.ofMinutes(3));

        assertThat(answer.status()).as("%s: %s", archive.getFileName(), answer.messages()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .contains(archive.getFileName().toString()).contains(limit);
        Path good = TestArchives.zip(input.resolve(UUID.randomUUID() + ".zip"), TestArchives.productTree());
        assertThat(manager.awaitAnswer(submit(good, TestArchives.md5(good)), Duration.ofMinutes(2)).status())
                .isEqualTo("SUCCESS");
        assertThat(worker.isAlive()).isTrue();
        assertThat(worker.pid()).isEqualTo(pid);
    }

    private static String submit(Path archive, String md5) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"storage":"LTA","dataTypeStorePath":"/2024/01/15","model":"MODEL01","replace":false,
                 "product":{"correlationId":"corr-1","productId":"product-1","datatype":"DT1","geometry":null,
                   "files":[{"type":"ZIP","url":"%s","filename":"product.zip","checksumMd5":"%s","mimeType":"application/zip"}],
                   "tags":[],"originUrn":null,"properties":{},"storePath":null,"session":"s1",
                   "replaceMode":false,"owner":"me","originRequestAppId":"app","originRequestPriority":1}}
                """.formatted(archive.toUri(), md5));
        String id = UUID.randomUUID().toString();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", TENANT);
        headers.put("regards.request.id", id);
        headers.put("regards.request.owner", "lta");
        headers.put("regards.request.session", "s1");
        headers.put("regards.request.content_type", "lta-request");
        manager.publish(headers, JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        return id;
    }
}
