package io.camelworker.steps.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads tar archives, gzip-compressed or not, sequentially (a stream has no random access): each entry is checked as it
 * comes, then written.
 */
final class TarArchiveReader implements ArchiveReader {

    private final ExtractionLimits limits;
    private final EntryWriter writer;
    private final boolean gzipped;

    TarArchiveReader(ExtractionLimits limits, EntryWriter writer, boolean gzipped) {
        this.limits = limits;
        this.writer = writer;
        this.gzipped = gzipped;
    }

    @Override
    public List<ExtractedFile> extract(FileChannel archive, String shown, Path target, ExtractionBudget requestBudget)
            throws IOException {
        ArchiveBudget budget = new ArchiveBudget(requestBudget);
        List<ExtractedFile> files = new ArrayList<>();
        try (InputStream raw = Channels.newInputStream(archive.position(0))) {
            BoundedInputStream counted = BoundedInputStream.builder().setInputStream(raw).get();
            InputStream buffered = new BufferedInputStream(counted, EntryWriter.BUFFER_SIZE);
            InputStream decompressed;
            try {
                decompressed = gzipped ? new GzipCompressorInputStream(buffered, true) : buffered;
            } catch (IOException e) {
                throw ReadFailures.corrupt("archive", e);
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(decompressed);
            int count = 0;
            while (true) {
                TarArchiveEntry entry;
                try {
                    entry = tar.getNextEntry();
                } catch (IOException e) {
                    throw ReadFailures.corrupt("archive after " + count + " entries", e);
                }
                if (entry == null) {
                    break;
                }
                ReadFailures.checkInterrupted(entry.getName());
                if (++count > limits.maxEntries()) {
                    throw EntryPaths.refused(entry.getName(), "is beyond the limit of " + limits.maxEntries()
                            + " entries (worker.extraction.max-entries)");
                }
                Path destination = EntryPaths.confine(target, entry.getName());
                checkKind(entry);
                if (entry.isDirectory()) {
                    EntryWriter.createDirectories(entry.getName(), destination);
                } else {
                    long start = counted.getCount();
                    files.add(writer.write(entry.getName(), tar, () -> counted.getCount() - start, target, destination,
                            budget).file());
                }
            }
        }
        return files;
    }

    /** Only regular files and directories are extracted: links, devices and fifos are refused. */
    private static void checkKind(TarArchiveEntry entry) {
        if (entry.isSymbolicLink() || entry.isLink()) {
            throw EntryPaths.refused(entry.getName(), "is a " + (entry.isLink() ? "hard" : "symbolic")
                    + " link to '" + entry.getLinkName() + "'; links are not extracted");
        }
        // TarArchiveEntry.isFile() is true of anything that is not a directory: devices and fifos first.
        String special = entry.isFIFO() ? "fifo" : entry.isCharacterDevice() ? "character device"
                : entry.isBlockDevice() ? "block device" : null;
        if (special != null) {
            throw EntryPaths.refused(entry.getName(), "is a " + special + "; only regular files and directories are extracted");
        }
        if (!entry.isDirectory() && !entry.isFile()) {
            throw EntryPaths.refused(entry.getName(), "is not a regular file or a directory (device, fifo...)");
        }
    }
}
