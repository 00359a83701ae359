package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Refuses a zip whose entries share bytes of the file. An overlapping-entry bomb makes many entries inflate the same
 * compressed data: each entry's ratio looks honest while the whole extracts thousands of times the file's size.
 */
final class OverlappingEntriesCheck {

    private OverlappingEntriesCheck() {
    }

    /**
     * @param entries the entries of a parsed zip, their local header and data offsets known
     * @throws InvalidContentException naming the two entries and where they overlap
     */
    static void check(List<ZipArchiveEntry> entries) {
        List<ZipArchiveEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(ZipArchiveEntry::getLocalHeaderOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            ZipArchiveEntry previous = byOffset.get(i - 1);
            ZipArchiveEntry entry = byOffset.get(i);
            long start = previous.getDataOffset() >= 0 ? previous.getDataOffset() : previous.getLocalHeaderOffset();
            long end = start + Math.max(0, previous.getCompressedSize());
            if (entry.getLocalHeaderOffset() < end) {
                throw new InvalidContentException("archive entries " + EntryPaths.quoted(previous.getName()) + " and "
                        + EntryPaths.quoted(entry.getName()) + " overlap: the second starts at byte "
                        + entry.getLocalHeaderOffset() + ", inside the data of the first (bytes " + start + " to " + end
                        + "); entries sharing data are an overlapping-entry zip bomb");
            }
        }
    }
}
