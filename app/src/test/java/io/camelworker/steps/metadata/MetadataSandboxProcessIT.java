package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.testing.WorkerProcess;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 19, finding 2: a metadata worker started as a separate JVM with the Docker image's flags ({@code -Xmx352m
 * -XX:+ExitOnOutOfMemoryError}) is given allocation bombs: a 54-byte PSD whose Photoshop resource block claims 1.8 GB
 * (metadata-extractor allocates it before reading it; before the sandbox it ended the JVM), reached by its declared
 * MIME type and by a {@code .jpg} name, and the earlier TIFF and PNG header bombs. Each is answered INVALID_CONTENT
 * naming the file, and the same process (same PID) then answers a good product SUCCESS.
 */
class MetadataSandboxProcessIT {

    static final String TYPE = FakeWorkerManager.uniqueType("metadata-sandbox");
    static final String UPDATE_EXCHANGE = FakeWorkerManager.uniqueType("test.sandbox.FeatureUpdateRequestEvent");
    static final String ANSWER_EXCHANGE = FakeWorkerManager.uniqueType("test.sandbox.FeatureRequestEvent");
    static final String INSTANCE = "metadata-sandbox-worker";
    static final Duration ANSWER = Duration.ofSeconds(90);

    static Path root;
    static Path logs;
    static FakeWorkerManager manager;
    static FeatureManagerListener featureManager;
    static WorkerProcess worker;

    @BeforeAll
    static void startWorker() throws Exception {
        root = Files.createTempDirectory("metadata-sandbox").toRealPath();
        logs = Files.createTempDirectory("metadata-sandbox-logs");
        Files.copy(Path.of("app/src/test/resources/metadata/products", MetadataWorkerIT.PNG), root.resolve(MetadataWorkerIT.PNG));
        manager = new FakeWorkerManager(TYPE);
        featureManager = new FeatureManagerListener(UPDATE_EXCHANGE, ANSWER_EXCHANGE);
        worker = WorkerProcess.start(logs, INSTANCE, List.of("-XX:+ExitOnOutOfMemoryError"),
                "--camel.main.routes-include-pattern=classpath:test-routes/metadata-sandbox.camel.yaml",
                "--worker.type=" + TYPE,
                "--worker.instance-id=" + INSTANCE,
                "--worker.tenants=project1",
                "--worker.files.allowed-roots=" + root,
                "--worker.metadata.update-exchange=" + UPDATE_EXCHANGE,
                "--worker.metadata.answer-exchange=" + ANSWER_EXCHANGE);
        try {
            await().atMost(WorkerProcess.STARTUP).until(() -> WorkerProcess.heartbeats(manager, INSTANCE) > 0 || !worker.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the metadata worker did not start:\n" + worker.log(), e);
        }
        assertThat(worker.isAlive()).as(worker.log()).isTrue();
    }

    @AfterAll
    static void stopWorker() throws Exception {
        if (worker != null) {
            worker.close();
        }
        manager.close();
        featureManager.close();
    }

    @Test
    void allocationBombsAreInvalidContentAndTheSameProcessThenAnswersAGoodProduct() throws Exception {
        long pid = worker.pid();

        assertRefusedNamingTheSandboxHeap(file("bomb.psd", photoshopBomb(), "image/vnd.adobe.photoshop"), "bomb.psd");
        assertRefusedNamingTheSandboxHeap(file("bomb.jpg", photoshopBomb(), null), "bomb.jpg");
        assertRefused(file("strips.tif", CraftedHeaders.smallTiff(new CraftedHeaders.Entry(273, 4, 1L << 30, 200)), null),
                "files[0] 'strips.tif' is not a TIFF file the worker reads: IFD 0 tag 273 (StripOffsets) claims 1073741824 values");
        assertRefused(file("chunk.png", CraftedHeaders.png(8, 6, "zTXt", 0x7FFF_FFFFL), null),
                "files[0] 'chunk.png' is not a PNG file the worker reads: chunk zTXt at offset 33 claims 2147483647 bytes");

        String urn = MetadataWorkerIT.newUrn();
        FakeWorkerManager.Response good = manager.awaitAnswer(manager.submit(MetadataWorkerIT.feature(urn,
                MetadataWorkerIT.file("QUICKLOOK_SD", MetadataWorkerIT.PNG,
                        root.resolve(MetadataWorkerIT.PNG).toUri().toString())).toString()), ANSWER);

        assertThat(good.status()).as(good.messages() + "\n" + worker.log()).isEqualTo("SUCCESS");
        assertThat(featureManager.awaitUpdates(urn, 1).get(0).body().at("/feature/properties/image/width").asLong()).isEqualTo(8);
        assertThat(worker.isAlive()).isTrue();
        assertThat(worker.pid()).isEqualTo(pid);
    }

    /** 54 bytes: a PSD header, an empty colour mode section, and one image resource block that claims 1.8 GB. */
    static byte[] photoshopBomb() {
        ByteBuffer psd = ByteBuffer.allocate(54);
        psd.put("8BPS".getBytes()).putShort((short) 1).put(new byte[6]).putShort((short) 3).putInt(1).putInt(1)
                .putShort((short) 8).putShort((short) 3);
        psd.putInt(0);
        psd.putInt(24);
        psd.put("8BIM".getBytes()).putShort((short) 0x0404).put((byte) 0).put((byte) 0).putInt(1_800_000_000);
        return psd.array();
    }

    private ObjectNode file(String name, byte[] content, String declaredMimeType) throws IOException {
        Files.write(root.resolve(name), content);
        ObjectNode file = MetadataWorkerIT.file("RAWDATA", name, root.resolve(name).toUri().toString());
        ObjectNode attributes = (ObjectNode) file.get("attributes");
        if (declaredMimeType == null) {
            attributes.remove("mimeType");
        } else {
            attributes.put("mimeType", declaredMimeType);
        }
        return file;
    }

    private void assertRefusedNamingTheSandboxHeap(ObjectNode file, String name) {
        FakeWorkerManager.Response answer = submit(file);

        assertThat(answer.status()).as(answer.messages() + "\n" + worker.log()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().startsWith("files[0] '" + name + "'")
                .contains("worker.sandbox.heap");
    }

    private void assertRefused(ObjectNode file, String message) {
        FakeWorkerManager.Response answer = submit(file);

        assertThat(answer.status()).as(answer.messages() + "\n" + worker.log()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().startsWith(message);
    }

    private FakeWorkerManager.Response submit(ObjectNode file) {
        return manager.awaitAnswer(manager.submit(MetadataWorkerIT.feature(MetadataWorkerIT.newUrn(), file).toString()), ANSWER);
    }
}
