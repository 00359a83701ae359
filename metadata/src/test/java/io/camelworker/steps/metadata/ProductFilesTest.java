package io.camelworker.steps.metadata;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.SourceReader;
import io.camelworker.storage.Sources;
import io.camelworker.retry.StopSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Copies of remote product files (an http(s) or S3 location, which a format reader needs to seek in) on a real file
 * system: bounded by worker.storage.max-file-size however long the source goes on, stopped by an interruption of the
 * request's thread, and removed either way.
 */
class ProductFilesTest {

    static final long MAX = 1024 * 1024;

    @TempDir
    Path work;

    final AtomicInteger opened = new AtomicInteger();
    final AtomicLong served = new AtomicLong();

    /** {@code endless://host/name}: a source of unknown size that never ends, as a hostile http server. */
    final SourceReader endless = new SourceReader() {
        @Override
        public boolean supports(URI url) {
            return "endless".equals(url.getScheme());
        }

        @Override
        public SourceContent open(String field, URI url) {
            opened.incrementAndGet();
            return new SourceContent(new InputStream() {
                @Override
                public int read() {
                    served.incrementAndGet();
                    return 'x';
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    served.addAndGet(len);
                    return len;
                }
            }, -1, "product.tif");
        }
    };

    @Test
    void copyOfAnEndlessSourceStopsAtTheMaxFileSizeAndLeavesNothing() {
        ProductFiles files = productFiles();

        assertThatThrownBy(() -> files.opened(0, endlessFile(), file -> "read", new StopSignal()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("files[0].locations[0].url 'endless://storage/product.tif' is larger than "
                        + "worker.storage.max-file-size (1048576 bytes)");
        assertThat(served.get()).isLessThan(2 * MAX);
        assertThat(work.toFile().list()).isEmpty();
        assertThat(opened.get()).isEqualTo(1);
    }

    @Test
    void interruptedCopyStopsAtOnceWithoutRetryAndLeavesNothing() {
        ProductFiles files = productFiles();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> files.opened(0, endlessFile(), file -> "read", new StopSignal()))
                    .isInstanceOf(ProcessingErrorException.class).hasMessageContaining("interrupted");
        } finally {
            Thread.interrupted();
        }
        assertThat(opened.get()).isEqualTo(1);
        assertThat(served.get()).isLessThan(MAX);
        assertThat(work.toFile().list()).isEmpty();
    }

    private ProductFiles productFiles() {
        MetadataProperties properties = new MetadataProperties();
        properties.setWorkDirectory(work);
        properties.getSourceRetry().setInitialInterval(java.time.Duration.ofMillis(10));
        return new ProductFiles(new Sources(List.of(endless), DataSize.ofBytes(MAX)), new AllowedRoots(List.of()), properties);
    }

    private static ProductFeature.File endlessFile() {
        return new ProductFeature.File(List.of(new ProductFeature.Location(null, "endless://storage/product.tif")),
                new ProductFeature.Attributes("RAWDATA", null, "product.tif", null, null, null));
    }
}
