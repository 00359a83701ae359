package io.camelworker.storage.camel;

import io.camelworker.outcome.InvalidContentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The pipe between a transfer and a Camel producer: the producer cannot receive the whole content before the commit,
 * and an abort fails its read, so that no component can complete a file whose checksum was not verified.
 */
class ProducerUploadTest {

    private final ExecutorService producers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        producers.shutdownNow();
    }

    /** A producer that reads the content to its end, as a component's write does. */
    private static final class Reader implements java.util.concurrent.Callable<String> {
        final InputStream content;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Reader(InputStream content) {
            this.content = content;
        }

        @Override
        public String call() throws IOException {
            byte[] buffer = new byte[3];
            for (int n; (n = content.read(buffer)) >= 0; ) {
                synchronized (received) {
                    received.write(buffer, 0, n);
                }
            }
            return received.toString(StandardCharsets.UTF_8);
        }

        int size() {
            synchronized (received) {
                return received.size();
            }
        }
    }

    @Test
    void theLastChunkReachesTheProducerOnlyWithTheCommit() throws Exception {
        ProducerUpload upload = new ProducerUpload("test", 9, 1000, () -> { });
        Reader reader = new Reader(upload.content());
        Future<String> producing = producers.submit(reader);
        upload.producing(producing);

        upload.write("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
        upload.write("def".getBytes(StandardCharsets.UTF_8), 0, 3);
        upload.write("ghi".getBytes(StandardCharsets.UTF_8), 0, 3);
        await().until(() -> reader.size() == 6);
        assertThat(producing).isNotDone();

        upload.commit();

        assertThat(producing.get()).isEqualTo("abcdefghi");
    }

    @Test
    void anAbortFailsTheProducersReadAndRunsTheCleanUp() throws Exception {
        AtomicBoolean cleaned = new AtomicBoolean();
        ProducerUpload upload = new ProducerUpload("test", -1, 1000, () -> cleaned.set(true));
        Reader reader = new Reader(upload.content());
        Future<String> producing = producers.submit(reader);
        upload.producing(producing);
        upload.write("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
        upload.write("def".getBytes(StandardCharsets.UTF_8), 0, 3);

        upload.close();

        assertThat(producing).isDone();
        assertThatThrownBy(producing::get).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("aborted");
        assertThat(cleaned).isTrue();
    }

    @Test
    void aSourceLongerThanItDeclaredIsRefusedBeforeTheProducerHasItAll() throws Exception {
        ProducerUpload upload = new ProducerUpload("test", 4, 1000, () -> { });
        Reader reader = new Reader(upload.content());
        upload.producing(producers.submit(reader));
        upload.write("abc".getBytes(StandardCharsets.UTF_8), 0, 3);

        assertThatThrownBy(() -> upload.write("def".getBytes(StandardCharsets.UTF_8), 0, 3))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("longer than the 4 bytes");
        upload.close();
        assertThat(reader.size()).isLessThan(4);
    }

    @Test
    void aProducerThatFailsStopsTheWriterWithItsReason() {
        ProducerUpload upload = new ProducerUpload("test", -1, 1000, () -> { });
        upload.producing(producers.submit(() -> {
            throw new IOException("connection refused");
        }));

        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                upload.write(new byte[10], 0, 10);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("connection refused");
        upload.close();
    }
}
