package io.camelworker.steps.archive;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Reads zip archives: the central directory is checked ({@link CentralDirectoryCheck}) before it is parsed, every entry
 * is checked before any byte is written, then the entries are extracted by several threads ({@link EntryThreads}) and
 * each one's data is checked against its CRC-32 and size.
 */
final class ZipArchiveReader implements ArchiveReader {

    /** Unix file type bits of a zip entry's mode: regular files, directories and links are the only ones extracted. */
    private static final int UNIX_TYPE_MASK = 0170000;
    private static final int UNIX_REGULAR = 0100000;
    private static final int UNIX_DIRECTORY = 0040000;

    private final ExtractionLimits limits;
    private final EntryWriter writer;
    private final EntryThreads threads;

    ZipArchiveReader(ExtractionLimits limits, EntryWriter writer, EntryThreads threads) {
        this.limits = limits;
        this.writer = writer;
        this.threads = threads;
    }

    @Override
    public List<ExtractedFile> extract(FileChannel archive, String shown, Path target, ExtractionBudget requestBudget)
            throws IOException {
        try {
            CentralDirectoryCheck.check(archive, shown, limits.maxEntries());
        } catch (IOException e) {
            throw ReadFailures.corrupt("archive", e);
        }
        ZipFile zip;
        try {
            // The channel is read with positional reads, by several threads; closing the ZipFile closes it.
            zip = ZipFile.builder().setSeekableByteChannel(archive).get();
        } catch (IOException e) {
            throw ReadFailures.corrupt("archive", e);
        }
        try (zip) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
            OverlappingEntriesCheck.check(entries);
            List<ZipArchiveEntry> regular = checked(zip, entries, target, requestBudget);
            ArchiveBudget budget = new ArchiveBudget(requestBudget);
            List<ZipArchiveEntry> spread = threads.parallelism() > 1 ? acrossDirectories(regular) : regular;
            return threads.run(spread.size(), budget, i -> extractEntry(zip, spread.get(i), target, budget));
        }
    }

    /** Refuses what can be refused without inflating, before any byte is written; the regular files to extract. */
    private static List<ZipArchiveEntry> checked(ZipFile zip, List<ZipArchiveEntry> entries, Path target,
                                                 ExtractionBudget requestBudget) throws IOException {
        List<ZipArchiveEntry> regular = new ArrayList<>();
        for (ZipArchiveEntry entry : entries) {
            ReadFailures.checkInterrupted(entry.getName());
            Path destination = EntryPaths.confine(target, entry.getName());
            if (entry.isUnixSymlink()) {
                throw EntryPaths.refused(entry.getName(), "is a symbolic link; links are not extracted");
            }
            int type = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & UNIX_TYPE_MASK : 0;
            if (type != 0 && type != UNIX_REGULAR && type != UNIX_DIRECTORY) {
                throw EntryPaths.refused(entry.getName(), "is a device, fifo or socket (unix mode " + Integer.toOctalString(
                        entry.getUnixMode()) + "); only regular files and directories are extracted");
            }
            if (entry.getGeneralPurposeBit().usesEncryption() || entry.getGeneralPurposeBit().usesStrongEncryption()) {
                throw EntryPaths.refused(entry.getName(), "is encrypted; encrypted archives are not supported");
            }
            if (entry.isDirectory()) {
                EntryWriter.createDirectories(entry.getName(), destination);
            } else if (!zip.canReadEntryData(entry)) {
                throw EntryPaths.refused(entry.getName(), "uses an unsupported compression method (" + entry.getMethod() + ")");
            } else {
                requestBudget.checkDeclared(entry.getName(), entry.getSize());
                regular.add(entry);
            }
        }
        return regular;
    }

    private ExtractedFile extractEntry(ZipFile zip, ZipArchiveEntry entry, Path target, ArchiveBudget budget)
            throws IOException {
        InputStream in;
        try {
            in = zip.getInputStream(entry);
        } catch (IOException e) {
            throw ReadFailures.corrupt("entry '" + entry.getName() + "'", e);
        }
        try (in) {
            LongSupplier compressed = in instanceof InputStreamStatistics statistics
                    ? statistics::getCompressedCount
                    // Every method commons-compress reads has statistics; the declared size is a last resort.
                    : entry::getCompressedSize;
            EntryWriter.Written written = writer.write(entry.getName(), in, compressed, target,
                    EntryPaths.confine(target, entry.getName()), budget);
            if (written == null) {
                return null;
            }
            checkIntegrity(entry, written);
            return written.file();
        }
    }

    /**
     * The entries in an order where neighbours lie in different directories, as far as the archive allows: one from
     * each directory in turn, each directory's in the archive's order. The threads take the entries in this order, and
     * creating files in one directory is serialised by the kernel on that directory's lock: in the archive's own order
     * (a directory's files one after the other) two threads spent most of their time waiting in open(2) and extracted
     * no faster than one.
     */
    static List<ZipArchiveEntry> acrossDirectories(List<ZipArchiveEntry> entries) {
        Map<String, ArrayDeque<ZipArchiveEntry>> byDirectory = new LinkedHashMap<>();
        for (ZipArchiveEntry entry : entries) {
            String name = entry.getName();
            byDirectory.computeIfAbsent(name.substring(0, name.lastIndexOf('/') + 1), d -> new ArrayDeque<>()).add(entry);
        }
        if (byDirectory.size() == 1) {
            return entries;
        }
        List<ZipArchiveEntry> spread = new ArrayList<>(entries.size());
        List<ArrayDeque<ZipArchiveEntry>> queues = new ArrayList<>(byDirectory.values());
        while (!queues.isEmpty()) {
            for (Iterator<ArrayDeque<ZipArchiveEntry>> queue = queues.iterator(); queue.hasNext(); ) {
                ArrayDeque<ZipArchiveEntry> directory = queue.next();
                spread.add(directory.poll());
                if (directory.isEmpty()) {
                    queue.remove();
                }
            }
        }
        return spread;
    }

    /** Zip entries carry their CRC-32 and size: data that does not match them is corrupt (or lies). */
    private static void checkIntegrity(ZipArchiveEntry entry, EntryWriter.Written written) {
        ExtractedFile file = written.file();
        long crc = written.crc();
        if (entry.getCrc() != ZipArchiveEntry.CRC_UNKNOWN && crc != entry.getCrc()) {
            throw EntryPaths.refused(entry.getName(), "is corrupt: its CRC-32 is " + Long.toHexString(crc)
                    + ", the archive says " + Long.toHexString(entry.getCrc()));
        }
        if (entry.getSize() != ZipArchiveEntry.SIZE_UNKNOWN && entry.getSize() != file.size()) {
            throw EntryPaths.refused(entry.getName(), "is corrupt: it holds " + file.size() + " bytes, the archive says "
                    + entry.getSize());
        }
    }
}
