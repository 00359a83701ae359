package io.camelworker.steps.archive;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The extraction threads shared by the process's requests (Camel's pool in the worker). */
class SharedExtractionThreadsTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(60) // waiting for the busy shared thread would never end
    void aZipIsExtractedByTheCallingThreadWhenTheSharedThreadsAreBusy() throws Exception {
        Path zip = dir.resolve("three.zip");
        try (var out = new ZipArchiveOutputStream(zip)) {
            for (String name : List.of("a/1.txt", "b/2.txt", "c/3.txt")) {
                out.putArchiveEntry(new ZipArchiveEntry(name));
                out.write(TestArchives.text(name));
                out.closeArchiveEntry();
            }
        }
        ExecutorService shared = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try {
            shared.submit(() -> {
                release.await();
                return null;
            });
            Path target = Files.createDirectories(dir.resolve("out"));

            List<ExtractedFile> files = new ArchiveExtractor(ExtractionLimits.defaults(), 2, shared).extract(zip, target);

            assertThat(files).extracting(ExtractedFile::path).containsExactly("a/1.txt", "b/2.txt", "c/3.txt");
            assertThat(Files.readAllBytes(target.resolve("b/2.txt"))).isEqualTo(TestArchives.text("b/2.txt"));
        } finally {
            release.countDown();
            shared.shutdown();
        }
    }
}
