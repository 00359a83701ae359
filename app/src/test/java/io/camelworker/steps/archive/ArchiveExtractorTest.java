package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The extraction engine on its own: formats, digests, and every kind of hostile archive. */
class ArchiveExtractorTest {

    static final long NO_FILE_SIZE_LIMIT = Long.MAX_VALUE;
    static final ExtractionLimits SMALL = new ExtractionLimits(20, 1_000_000, 50, 64 * 1024, NO_FILE_SIZE_LIMIT);

    @TempDir
    Path dir;

    ArchiveExtractor extractor = new ArchiveExtractor(SMALL, 2);

    Path target() throws IOException {
        return Files.createDirectories(dir.resolve("target"));
    }

    @Test
    void zipIsExtractedWithItsTreeAndTheMd5OfEveryFile() throws IOException {
        Map<String, byte[]> tree = TestArchives.productTree();
        Path zip = TestArchives.zip(dir.resolve("p.zip"), tree);

        List<ExtractedFile> files = extractor.extract(zip, target());

        assertThat(files).extracting(ExtractedFile::path)
                .containsExactly("data/level1/level2/raw.bin", "data/level1/measures.csv", "quicklooks/ql.png", "readme.txt");
        for (ExtractedFile file : files) {
            byte[] expected = tree.get(file.path());
            assertThat(file.file()).hasBinaryContent(expected);
            assertThat(file.file()).isEqualTo(target().resolve(file.path()));
            assertThat(file.size()).isEqualTo(expected.length);
            assertThat(file.checksumMd5()).isEqualTo(TestArchives.md5(expected));
        }
        assertThat(target().resolve("data/empty")).isDirectory();
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void tarAndTarGzAreExtractedLikeZip(boolean gzip) throws IOException {
        Map<String, byte[]> tree = TestArchives.productTree();
        Path tar = TestArchives.tar(dir.resolve(gzip ? "p.tgz" : "p.tar"), gzip, tree);

        List<ExtractedFile> files = extractor.extract(tar, target());

        assertThat(files).extracting(ExtractedFile::path)
                .containsExactly("data/level1/level2/raw.bin", "data/level1/measures.csv", "quicklooks/ql.png", "readme.txt");
        assertThat(files).allSatisfy(f -> assertThat(f.checksumMd5()).isEqualTo(TestArchives.md5(tree.get(f.path()))));
    }

    @Test
    void tarOfADotDirectoryGivesPathsWithoutTheDot() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("./", null);
        entries.put("./data/a.txt", TestArchives.text("a"));
        Path tar = TestArchives.tar(dir.resolve("dot.tar"), false, entries);

        assertThat(extractor.extract(tar, target())).extracting(ExtractedFile::path).containsExactly("data/a.txt");
    }

    @Test
    void formatIsRecognisedByContentNotByName() throws IOException {
        Path disguised = TestArchives.tar(dir.resolve("really-a-tgz.zip"), true, Map.of("a.txt", TestArchives.text("a")));

        assertThat(extractor.extract(disguised, target())).extracting(ExtractedFile::path).containsExactly("a.txt");
    }

    @Test
    void manyEntriesAreExtractedInParallelWithTheSameResult() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            entries.put("d" + (i % 7) + "/f" + i + ".bin", TestArchives.bytes(1000 + i, i));
        }
        Path zip = TestArchives.zip(dir.resolve("many.zip"), entries);
        ArchiveExtractor parallel = new ArchiveExtractor(new ExtractionLimits(1000, 10_000_000, 50, 64 * 1024, NO_FILE_SIZE_LIMIT), 4);

        List<ExtractedFile> files = parallel.extract(zip, target());

        assertThat(files).hasSize(300)
                .allSatisfy(f -> assertThat(f.checksumMd5()).isEqualTo(TestArchives.md5(entries.get(f.path()))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"../evil.txt", "a/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "c:evil.txt",
            "a\\..\\evil.txt", "..", "a/.."})
    void entryPathLeavingTheTargetIsRefusedNamingTheEntry(String name) throws IOException {
        Path zip = TestArchives.zipOf(dir.resolve("evil.zip"), name, TestArchives.text("x"));

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                // Zips made on Windows use '\\' as separator: commons-compress reads it as '/', which is then refused.
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("archive entry '" + name.replace('\\', '/') + "'");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void backslashInATarEntryNameIsRefused() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("backslash.tar"), false, Map.of("a\\b.txt", TestArchives.text("x")));

        assertThatThrownBy(() -> extractor.extract(tar, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive entry 'a\\b.txt' has a backslash in its name; only '/' separates directories");
    }

    @Test
    void tarEntryLeavingTheTargetIsRefused() throws IOException {
        Path tar = TestArchives.tar(dir.resolve("evil.tar"), false, Map.of("../evil.txt", TestArchives.text("x")));

        assertThatThrownBy(() -> extractor.extract(tar, target()))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("'../evil.txt' contains '..'");
    }

    @Test
    void zipSymbolicLinkIsRefused() throws IOException {
        Path zip = TestArchives.zipWithSymlink(dir.resolve("link.zip"));

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("archive entry 'link' is a symbolic link");
        assertThat(target().resolve("link")).doesNotExist();
    }

    @ParameterizedTest(name = "hard={0}")
    @ValueSource(booleans = {false, true})
    void tarLinksAreRefused(boolean hard) throws IOException {
        Path tar = TestArchives.tarWithLink(dir.resolve("link.tar"), hard);

        assertThatThrownBy(() -> extractor.extract(tar, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("archive entry 'link' is a " + (hard ? "hard" : "symbolic") + " link to '/etc/passwd'");
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(strings = {"6:fifo", "3:character device", "4:block device"})
    void tarFifosAndDevicesAreRefused(String typeAndName) throws IOException {
        byte type = (byte) typeAndName.charAt(0);
        Path tar = TestArchives.tarWithSpecial(dir.resolve("special.tar"), type);

        assertThatThrownBy(() -> extractor.extract(tar, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive entry 'special' is a " + typeAndName.substring(2)
                        + "; only regular files and directories are extracted");
        assertThat(target().resolve("special")).doesNotExist();
    }

    @ParameterizedTest(name = "zip={0}")
    @ValueSource(booleans = {false, true})
    void fileNameLongerThanTheFileSystemAcceptsIsRefused(boolean zip) throws IOException {
        String name = "d/" + "n".repeat(300);
        Path archive = zip ? TestArchives.zipOf(dir.resolve("long.zip"), name, TestArchives.text("x"))
                : TestArchives.tar(dir.resolve("long.tar"), false, Map.of(name, TestArchives.text("x")));

        assertThatThrownBy(() -> extractor.extract(archive, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive entry '" + name.substring(0, 120) + "…' (302 characters) has a file name of 300 bytes, "
                        + "more than the limit of 255 file systems accept");
        try (Stream<Path> written = Files.list(target())) {
            assertThat(written).isEmpty();
        }
    }

    @Test
    void pathDeeperThanTheFileSystemAcceptsIsRefused() throws IOException {
        String name = "d/".repeat(2100) + "f";
        Path tar = TestArchives.tar(dir.resolve("deep.tar"), false, Map.of(name, TestArchives.text("x")));

        assertThatThrownBy(() -> extractor.extract(tar, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageEndingWith("(4201 characters) has a path of 4201 bytes, more than the limit of 2048");
        try (Stream<Path> written = Files.list(target())) {
            assertThat(written).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tar", "zip"})
    void extractionStopsWhenTheThreadIsInterrupted(String format) throws Exception {
        // 2 GB of zeros to write (zip: two entries extracted by two threads), from a sparse archive that takes no room;
        // interrupted as soon as writing started.
        Path archive = "tar".equals(format) ? TestArchives.sparseTar(dir.resolve("big.tar"), "big.bin", 2L << 30)
                : TestArchives.sparseStoredZip(dir.resolve("big.zip"), 2, 1L << 30);
        ArchiveExtractor unbounded = new ArchiveExtractor(new ExtractionLimits(20, Long.MAX_VALUE, 50, 64 * 1024,
                NO_FILE_SIZE_LIMIT), 2);
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Path target = target();
        Thread extraction = new Thread(() -> {
            try {
                unbounded.extract(archive, target);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        extraction.start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(5))
                .until(() -> writtenUnder(target) > 0);

        extraction.interrupt();
        extraction.join();

        assertThat(thrown.get()).isInstanceOf(java.io.InterruptedIOException.class)
                .hasMessageContaining("archive extraction interrupted");
        assertThat(writtenUnder(target)).isLessThan(2L << 30);
    }

    static long writtenUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    @Test
    void moreEntriesThanTheLimitAreRefusedBeforeWritingAnything() throws IOException {
        Path zip = TestArchives.manyEntries(dir.resolve("many.zip"), 21);

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive 'many.zip' end of central directory record claims 21 entries, more than the limit of 20 "
                        + "(worker.extraction.max-entries)");
        try (Stream<Path> written = Files.list(target())) {
            assertThat(written).isEmpty();
        }
    }

    @Test
    void endRecordClaimingMillionsOfEntriesIsRefusedBeforeTheZipIsParsed() throws IOException {
        Path zip = TestArchives.zip64Claiming(dir.resolve("claims.zip"), 3_000_000, 100);

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive 'claims.zip' zip64 end of central directory record claims 3000000 entries, more than "
                        + "the limit of 20 (worker.extraction.max-entries)");
    }

    @Test
    void centralDirectoryLargerThanTheFileIsRefused() throws IOException {
        Path zip = TestArchives.zip64Claiming(dir.resolve("claims.zip"), 1, 162_000_000);

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive 'claims.zip' zip64 end of central directory record claims a central directory of "
                        + "162000000 bytes, larger than the file (" + Files.size(zip) + " bytes)");
    }

    @Test
    void centralDirectoryTooSmallForItsEntriesIsRefused() throws IOException {
        Path zip = TestArchives.zip64Claiming(dir.resolve("claims.zip"), 10, 100);

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive 'claims.zip' zip64 end of central directory record claims 10 entries in a central "
                        + "directory of 100 bytes; each entry takes at least 46 bytes");
    }

    @Test
    void entriesAreCountedInTheCentralDirectoryWhateverTheEndRecordClaims() throws IOException {
        Path zip = TestArchives.claimEntries(TestArchives.manyEntries(dir.resolve("lying.zip"), 21), 1);

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive 'lying.zip' holds more entries in its central directory than the limit of 20 "
                        + "(worker.extraction.max-entries)");
        try (Stream<Path> written = Files.list(target())) {
            assertThat(written).isEmpty();
        }
    }

    @Test
    void entryNameLongerThanAnyPathIsRefusedBeforeTheZipIsParsed() throws IOException {
        String name = "n".repeat(3000);
        Path zip = TestArchives.zipOf(dir.resolve("long.zip"), name, TestArchives.text("x"));

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive entry '" + name.substring(0, 120) + "…' (3000 characters) has a name of 3000 bytes, "
                        + "more than the limit of 2048");
    }

    @Test
    void centralDirectoryLargerThanMaxEntriesRecordsIsRefused() throws IOException {
        // 90,000 bytes claimed, within the file, more than 20 records of at most 4142 bytes.
        Path zip = TestArchives.zip64(dir.resolve("claims.zip"), TestArchives.bytes(100_000, 3));
        TestArchives.claimZip64(zip, 1, 90_000);

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive 'claims.zip' zip64 end of central directory record claims a central directory of "
                        + "90000 bytes, more than 20 records (worker.extraction.max-entries) of at most 4142 bytes each");
    }

    @Test
    void centralDirectoryRecordWithAHugeCommentIsRefused() throws IOException {
        Path zip = dir.resolve("comment.zip");
        try (var out = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(zip)) {
            var entry = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("a.txt");
            entry.setComment("c".repeat(5000));
            out.putArchiveEntry(entry);
            out.write(TestArchives.text("a"));
            out.closeArchiveEntry();
        }

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("archive entry 'a.txt' has a central directory record of ")
                .hasMessageEndingWith(" bytes (name, extra field and comment), more than the limit of 4096");
    }

    @ParameterizedTest(name = "zip64={0}")
    @ValueSource(booleans = {false, true})
    void localHeaderWithAHugeExtraFieldIsRefused(boolean zip64) throws IOException {
        Path zip = dir.resolve("extra.zip");
        try (var out = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(zip)) {
            if (zip64) {
                // The local header's offset is then in the record's zip64 extra field.
                out.setUseZip64(org.apache.commons.compress.archivers.zip.Zip64Mode.Always);
            }
            var entry = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("a.txt");
            var field = new org.apache.commons.compress.archivers.zip.UnrecognizedExtraField();
            field.setHeaderId(new org.apache.commons.compress.archivers.zip.ZipShort(0x7777));
            field.setLocalFileDataData(new byte[5000]);
            field.setCentralDirectoryData(new byte[4]);
            entry.addExtraField(field);
            out.putArchiveEntry(entry);
            out.write(TestArchives.text("a"));
            out.closeArchiveEntry();
        }

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("archive entry 'a.txt' has a local header of ")
                .hasMessageEndingWith(" bytes (name and extra field), more than the limit of 4096");
    }

    @Test
    void zip64ArchiveWithinTheLimitsIsExtracted() throws IOException {
        Path zip = TestArchives.zip64(dir.resolve("honest.zip"));

        assertThat(extractor.extract(zip, target())).extracting(ExtractedFile::path).containsExactly("a.txt");
    }

    @Test
    void moreTarEntriesThanTheLimitAreRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 21; i++) {
            entries.put("f" + i, TestArchives.text("x"));
        }
        Path tar = TestArchives.tar(dir.resolve("many.tar"), false, entries);

        assertThatThrownBy(() -> extractor.extract(tar, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("archive entry 'f20' is beyond the limit of 20 entries (worker.extraction.max-entries)");
    }

    @Test
    void moreBytesThanTheLimitAreRefusedCountingWhatIsWritten() throws IOException {
        // One entry larger than the limit, whose header claims 10 bytes: only counting the bytes written catches it,
        // whatever the order in which parallel extraction finishes entries.
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.bin", TestArchives.bytes(1_200_000, 1));
        Path zip = TestArchives.zip(dir.resolve("big.zip"), entries);
        TestArchives.declareSize(zip, 10);

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive entry 'a.bin' makes the request extract more than 1000000 bytes "
                        + "(worker.extraction.max-total-bytes)");
    }

    @ParameterizedTest(name = "headers lying={0}")
    @ValueSource(booleans = {false, true})
    void zipBombIsRefusedOnTheRatioMeasuredWhileStreaming(boolean lying) throws IOException {
        Path zip = TestArchives.bomb(dir.resolve("bomb.zip"), 900_000, lying);

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("entry 'zeros.bin' exceeds the compression ratio limit of 50.0 (worker.extraction.max-ratio)");
    }

    @Test
    void entriesSharingTheirDataAreRefusedAsAnOverlappingBomb() throws IOException {
        // 30 entries of 900 KB each inflated from the same 1 KB, under limits lenient enough for each entry alone.
        Path zip = TestArchives.overlapping(dir.resolve("overlap.zip"), 900_000, 30);
        ArchiveExtractor lenient = new ArchiveExtractor(new ExtractionLimits(100, 1_000_000_000, 10_000, 64 * 1024,
                NO_FILE_SIZE_LIMIT), 2);

        assertThatThrownBy(() -> lenient.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("archive entries 'f0.bin' and 'f1.bin' overlap: the second starts at byte 0, "
                        + "inside the data of the first")
                .hasMessageEndingWith("entries sharing data are an overlapping-entry zip bomb");
        try (Stream<Path> written = Files.list(target())) {
            assertThat(written).isEmpty();
        }
    }

    @Test
    void requestExtractingMoreThanTheMaxFileSizeIsRefusedNamingTheSetting() throws IOException {
        ArchiveExtractor bounded = new ArchiveExtractor(new ExtractionLimits(20, 10_000_000, 50, 64 * 1024, 1_000_000), 2);
        Path zip = TestArchives.zipOf(dir.resolve("big.zip"), "a.bin", TestArchives.bytes(1_200_000, 1));

        assertThatThrownBy(() -> bounded.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive entry 'a.bin' makes the request extract more than 1000000 bytes "
                        + "(worker.storage.max-file-size)");
    }

    @Test
    void archivesOfOneRequestShareOneBudget() throws IOException {
        // Each archive alone is within max-total-bytes (1 MB); together they are not.
        ExtractionBudget request = new ExtractionBudget(SMALL);
        Path first = TestArchives.zipOf(dir.resolve("first.zip"), "a.bin", TestArchives.bytes(600_000, 1));
        Path second = TestArchives.zipOf(dir.resolve("second.zip"), "b.bin", TestArchives.bytes(600_000, 2));
        extractor.extract(first, Files.createDirectories(dir.resolve("one")), request);

        assertThatThrownBy(() -> extractor.extract(second, Files.createDirectories(dir.resolve("two")), request))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive entry 'b.bin' makes the request extract more than 1000000 bytes "
                        + "(worker.extraction.max-total-bytes)");
    }

    @Test
    void smallBombsSpreadOverArchivesAreRefusedOnTheRatioOfTheRequest() throws IOException {
        // Each archive writes less than ratio-min-bytes (64 KB), so its own ratio is not checked; the request's is.
        ExtractionBudget request = new ExtractionBudget(SMALL);
        Path first = TestArchives.zipOf(dir.resolve("small-1.zip"), "zeros-1.bin", new byte[60_000]);
        Path second = TestArchives.zipOf(dir.resolve("small-2.zip"), "zeros-2.bin", new byte[60_000]);
        extractor.extract(first, Files.createDirectories(dir.resolve("one")), request);

        assertThatThrownBy(() -> extractor.extract(second, Files.createDirectories(dir.resolve("two")), request))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("request at entry 'zeros-2.bin' exceeds the compression ratio limit of 50.0 "
                        + "(worker.extraction.max-ratio)");
    }

    @Test
    void tarGzBombIsRefused() throws IOException {
        Path tgz = TestArchives.tar(dir.resolve("bomb.tgz"), true, Map.of("zeros.bin", new byte[900_000]));

        assertThatThrownBy(() -> extractor.extract(tgz, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessageStartingWith("entry 'zeros.bin' exceeds the compression ratio limit of 50.0");
    }

    @Test
    void smallHighlyCompressibleFilesAreNotTakenForBombs() throws IOException {
        Path zip = TestArchives.zipOf(dir.resolve("zeros.zip"), "zeros.bin", new byte[60_000]);

        assertThat(extractor.extract(zip, target())).extracting(ExtractedFile::size).containsExactly(60_000L);
    }

    @Test
    void encryptedEntryIsRefused() throws IOException {
        Path zip = TestArchives.encryptedZip(dir.resolve("secret.zip"));

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive entry 'secret.txt' is encrypted; encrypted archives are not supported");
    }

    @Test
    void damagedEntryDataIsRefusedAsCorrupt() throws IOException {
        Path zip = TestArchives.damaged(TestArchives.zipOf(dir.resolve("bad.zip"), "raw.bin", TestArchives.bytes(100_000, 5)));

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("'raw.bin'").hasMessageContaining("corrupt");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"p.zip", "p.tgz"})
    void truncatedArchiveIsRefusedAsCorrupt(String name) throws IOException {
        Map<String, byte[]> tree = TestArchives.productTree();
        Path archive = name.endsWith(".zip") ? TestArchives.zip(dir.resolve(name), tree) : TestArchives.tar(dir.resolve(name), true, tree);

        assertThatThrownBy(() -> extractor.extract(TestArchives.truncated(archive), target()))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("corrupt");
    }

    @Test
    void fileThatIsNoArchiveIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.zip"), "just text, long enough to be looked at".repeat(20));

        assertThatThrownBy(() -> extractor.extract(text, target()))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("archive 'notes.zip' is not a zip, tar or tar.gz archive (unknown first bytes)");
    }

    @Test
    void entryAppearingTwiceIsRefused() throws IOException {
        Path zip = dir.resolve("twice.zip");
        try (var out = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(zip)) {
            for (int i = 0; i < 2; i++) {
                out.putArchiveEntry(new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("same.txt"));
                out.write(TestArchives.text("v" + i));
                out.closeArchiveEntry();
            }
        }

        assertThatThrownBy(() -> extractor.extract(zip, target()))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("'same.txt' appears twice");
    }
}
