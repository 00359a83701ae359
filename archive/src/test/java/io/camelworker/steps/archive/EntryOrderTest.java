package io.camelworker.steps.archive;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The order the extracting threads take a zip's entries in: neighbours in different directories, each in its order. */
class EntryOrderTest {

    @Test
    void takesOneEntryOfEachDirectoryInTurnKeepingEachDirectorysOrder() {
        List<ZipArchiveEntry> entries = entries("a/1", "a/2", "a/3", "b/1", "b/2", "top", "c/d/1");

        assertThat(names(ZipArchiveReader.acrossDirectories(entries)))
                .containsExactly("a/1", "b/1", "top", "c/d/1", "a/2", "b/2", "a/3");
    }

    @Test
    void anArchiveOfOneDirectoryKeepsItsOrder() {
        List<ZipArchiveEntry> entries = entries("x/3", "x/1", "x/2");

        assertThat(ZipArchiveReader.acrossDirectories(entries)).isSameAs(entries);
    }

    private static List<ZipArchiveEntry> entries(String... names) {
        return Stream.of(names).map(ZipArchiveEntry::new).toList();
    }

    private static List<String> names(List<ZipArchiveEntry> entries) {
        return entries.stream().map(ZipArchiveEntry::getName).toList();
    }
}
