package io.camelworker.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.camelworker.steps.archive.ExtractArchiveTask;
import io.camelworker.steps.archive.ExtractedFile;
import io.camelworker.steps.archive.ExtractionBudget;
import io.camelworker.steps.archive.ExtractionLimits;
import org.junit.jupiter.api.AfterAll;

/**
 * Request bytes meet archive reading: the fuzzer's bytes are the archive a request names, extracted by the archive
 * worker's sandbox task ({@link ExtractArchiveTask}: format detection, MD5, commons-compress's zip, tar and gzip
 * readers, the worker's limits at their defaults) into an empty workspace. Each method starts from a corpus of its
 * format (honest archives, and the hostile ones of the archive tests: GNU long name and PAX header claiming 200 MB,
 * unterminated gzip FNAME, zip bombs, overlapping entries, zip64 claims, links, devices, escaping names); the format is
 * recognised by the bytes, so a mutation may well cross to another. Invariants and the choice of in-process (campaign)
 * or sandboxed (replay) parsing: {@link ParserBoundary}. Besides, every file the task reports lies in the workspace.
 *
 * <p>One extraction thread ({@code parallelism} 1): the same input then takes the same path, which coverage guidance needs.
 */
class ArchiveFuzzTest {

    private static final ParserBoundary BOUNDARY = new ParserBoundary("archive-fuzz");

    @AfterAll
    static void close() {
        BOUNDARY.close();
    }

    @FuzzTest(maxDuration = "2m")
    void zipArchive(byte[] input) {
        extract(input, "input.zip");
    }

    @FuzzTest(maxDuration = "2m")
    void tarArchive(byte[] input) {
        extract(input, "input.tar");
    }

    @FuzzTest(maxDuration = "2m")
    void tarGzArchive(byte[] input) {
        extract(input, "input.tar.gz");
    }

    private static void extract(byte[] input, String name) {
        String target = BOUNDARY.workspace().toString();
        ExtractArchiveTask.Output output = BOUNDARY.parse(input, name, ExtractArchiveTask.class, archive ->
                new ExtractArchiveTask.Input("product.files[0] url", archive, name, target, ExtractionLimits.defaults(), 1,
                        new ExtractionBudget.Spent(0, 0, 0), true, null, null));
        if (output != null) {
            for (ExtractedFile file : output.files()) {
                if (!file.file().toAbsolutePath().normalize().startsWith(BOUNDARY.workspace())) {
                    throw new AssertionError("entry '" + file.path() + "' was extracted to " + file.file() + ", outside "
                            + BOUNDARY.workspace());
                }
            }
        }
    }
}
