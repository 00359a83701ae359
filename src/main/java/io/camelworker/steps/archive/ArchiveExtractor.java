package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.InputStreamStatistics;
import org.apache.commons.io.input.BoundedInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The extraction engine: extracts a local zip, tar or tar.gz archive into an empty directory, streaming each entry to
 * disk and computing its MD5 on the way, and refuses hostile archives with an {@link InvalidContentException} naming the
 * entry and the limit.
 *
 * <p>Refused: entry paths that would leave the directory ({@code ..}, absolute, drive letter, backslash), links, devices,
 * encrypted or unsupported entries, corrupt data, and more entries, bytes or compression than the {@link ExtractionLimits}.
 * Sizes and ratios are measured on the bytes actually read and written, never on the sizes the archive declares. On
 * refusal the directory holds a partial extraction: the caller extracts into a temporary directory and deletes it.
 * A zip is read through its central directory, its entries extracted by {@code parallelism} threads.
 */
public class ArchiveExtractor {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

    private final ExtractionLimits limits;
    private final int parallelism;

    public ArchiveExtractor(ExtractionLimits limits, int parallelism) {
        this.limits = limits;
        this.parallelism = parallelism;
    }

    /**
     * Extracts an archive into {@code target}, an existing empty directory.
     *
     * @return the regular files extracted, sorted by path
     * @throws InvalidContentException when the archive is hostile, corrupt or of an unknown format
     * @throws IOException             when writing fails (disk full...), worth retrying
     */
    public List<ExtractedFile> extract(Path archive, Path target) throws IOException {
        String shown = "archive '" + archive.getFileName() + "'";
        List<ExtractedFile> files = switch (ArchiveFormat.of(archive, shown)) {
            case ZIP -> extractZip(archive, target.toAbsolutePath().normalize());
            case TAR -> extractTar(archive, target.toAbsolutePath().normalize(), false);
            case TAR_GZ -> extractTar(archive, target.toAbsolutePath().normalize(), true);
        };
        List<ExtractedFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(ExtractedFile::path));
        return sorted;
    }

    private List<ExtractedFile> extractZip(Path archive, Path target) throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(archive).get();
        } catch (IOException e) {
            throw corrupt("archive", e);
        }
        try (zip) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
            if (entries.size() > limits.maxEntries()) {
                throw new InvalidContentException("archive holds " + entries.size() + " entries, more than the limit of "
                        + limits.maxEntries() + " (worker.extraction.max-entries)");
            }
            // Everything that can be refused without inflating is checked before any byte is written.
            List<ZipArchiveEntry> regular = new ArrayList<>();
            for (ZipArchiveEntry entry : entries) {
                Path destination = confine(target, entry.getName());
                if (entry.isUnixSymlink()) {
                    throw refused(entry.getName(), "is a symbolic link; links are not extracted");
                }
                if (entry.getGeneralPurposeBit().usesEncryption() || entry.getGeneralPurposeBit().usesStrongEncryption()) {
                    throw refused(entry.getName(), "is encrypted; encrypted archives are not supported");
                }
                if (entry.isDirectory()) {
                    createDirectories(entry.getName(), destination);
                } else if (!zip.canReadEntryData(entry)) {
                    throw refused(entry.getName(), "uses an unsupported compression method (" + entry.getMethod() + ")");
                } else if (entry.getSize() > limits.maxTotalBytes()) {
                    throw tooLarge(entry.getName());
                } else {
                    regular.add(entry);
                }
            }
            Budget budget = new Budget();
            return inParallel(regular.size(), budget, i -> {
                ZipArchiveEntry entry = regular.get(i);
                InputStream in;
                try {
                    in = zip.getInputStream(entry);
                } catch (IOException e) {
                    throw corrupt("entry '" + entry.getName() + "'", e);
                }
                try (in) {
                    LongSupplier compressed = in instanceof InputStreamStatistics statistics
                            ? statistics::getCompressedCount
                            // Every method commons-compress reads has statistics; the declared size is a last resort.
                            : entry::getCompressedSize;
                    Copy copy = copy(entry.getName(), in, compressed, target, confine(target, entry.getName()), budget);
                    if (copy != null) {
                        checkIntegrity(entry, copy);
                    }
                    return copy == null ? null : copy.file();
                }
            });
        }
    }

    /** Zip entries carry their CRC-32 and size: data that does not match them is corrupt (or lies). */
    private static void checkIntegrity(ZipArchiveEntry entry, Copy copy) {
        ExtractedFile file = copy.file();
        long crc = copy.crc();
        if (entry.getCrc() != ZipArchiveEntry.CRC_UNKNOWN && crc != entry.getCrc()) {
            throw refused(entry.getName(), "is corrupt: its CRC-32 is " + Long.toHexString(crc) + ", the archive says "
                    + Long.toHexString(entry.getCrc()));
        }
        if (entry.getSize() != ZipArchiveEntry.SIZE_UNKNOWN && entry.getSize() != file.size()) {
            throw refused(entry.getName(), "is corrupt: it holds " + file.size() + " bytes, the archive says " + entry.getSize());
        }
    }

    private List<ExtractedFile> extractTar(Path archive, Path target, boolean gzipped) throws IOException {
        Budget budget = new Budget();
        List<ExtractedFile> files = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(archive)) {
            BoundedInputStream counted = BoundedInputStream.builder().setInputStream(raw).get();
            InputStream buffered = new BufferedInputStream(counted, BUFFER_SIZE);
            InputStream decompressed;
            try {
                decompressed = gzipped ? new GzipCompressorInputStream(buffered, true) : buffered;
            } catch (IOException e) {
                throw corrupt("archive", e);
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(decompressed);
            int count = 0;
            while (true) {
                TarArchiveEntry entry;
                try {
                    entry = tar.getNextEntry();
                } catch (IOException e) {
                    throw corrupt("archive after " + count + " entries", e);
                }
                if (entry == null) {
                    break;
                }
                if (++count > limits.maxEntries()) {
                    throw new InvalidContentException("archive entry '" + entry.getName() + "' is beyond the limit of "
                            + limits.maxEntries() + " entries (worker.extraction.max-entries)");
                }
                Path destination = confine(target, entry.getName());
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw refused(entry.getName(), "is a " + (entry.isLink() ? "hard" : "symbolic")
                            + " link to '" + entry.getLinkName() + "'; links are not extracted");
                }
                if (entry.isDirectory()) {
                    createDirectories(entry.getName(), destination);
                } else if (entry.isFile()) {
                    long start = counted.getCount();
                    files.add(copy(entry.getName(), tar, () -> counted.getCount() - start, target, destination, budget).file());
                } else {
                    throw refused(entry.getName(), "is not a regular file or a directory (device, fifo...)");
                }
            }
        }
        return files;
    }

    /** Streams one entry to a new file, computing its MD5 and CRC-32, and enforcing the limits as bytes are written. */
    private Copy copy(String name, InputStream in, LongSupplier compressedSoFar, Path target, Path destination,
                      Budget budget) throws IOException {
        // Archives of many small files repeat the same parents: create each once. computeIfAbsent makes the other
        // threads wait until the directory exists, where a plain "first one creates it" set would let them race ahead.
        try {
            budget.directories.computeIfAbsent(destination.getParent(), directory -> {
                try {
                    createDirectories(name, directory);
                    return Boolean.TRUE;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        MessageDigest md5 = MD5.get();
        md5.reset();
        CRC32 crc = new CRC32();
        long written = 0;
        long compressedCounted = 0;
        byte[] buffer = BUFFER.get();
        try (OutputStream out = newFile(name, destination)) {
            while (true) {
                int n;
                try {
                    // Decompressors return a few hundred bytes per read: filling the buffer keeps writes and checks large.
                    n = in.readNBytes(buffer, 0, buffer.length);
                } catch (IOException e) {
                    throw corrupt("entry '" + name + "'", e);
                }
                if (n == 0) {
                    break;
                }
                written += n;
                long compressed = compressedSoFar.getAsLong();
                long total = budget.written.addAndGet(n);
                long totalCompressed = budget.compressed.addAndGet(compressed - compressedCounted);
                compressedCounted = compressed;
                if (total > limits.maxTotalBytes()) {
                    throw tooLarge(name);
                }
                checkRatio(name, written, compressed, "entry");
                checkRatio(name, total, totalCompressed, "archive at entry");
                md5.update(buffer, 0, n);
                crc.update(buffer, 0, n);
                out.write(buffer, 0, n);
                if (budget.failed) {
                    return null;
                }
            }
        }
        // The normalised path ("./a//b" is "a/b"), as it lies under the target.
        String path = target.relativize(destination).toString();
        return new Copy(new ExtractedFile(path, destination, written, HexFormat.of().formatHex(md5.digest())),
                crc.getValue());
    }

    /** An entry written to disk, with the CRC-32 of what was written. */
    private record Copy(ExtractedFile file, long crc) {
    }

    private void checkRatio(String name, long written, long compressed, String scope) {
        if (written > limits.ratioMinBytes() && written > limits.maxRatio() * Math.max(compressed, 1)) {
            throw new InvalidContentException(scope + " '" + name + "' exceeds the compression ratio limit of "
                    + limits.maxRatio() + " (worker.extraction.max-ratio): " + written + " bytes written from " + compressed
                    + " bytes read; a zip bomb?");
        }
    }

    private static OutputStream newFile(String name, Path destination) throws IOException {
        try {
            return Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw refused(name, "appears twice in the archive, or collides with another entry");
        }
    }

    private static void createDirectories(String name, Path directory) throws IOException {
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            throw refused(name, "needs a directory where the archive put a file");
        }
    }

    /**
     * The destination of an entry inside {@code target}, or a refusal when its name could lead elsewhere. The name is
     * checked as written in the archive, before any file system interpretation.
     */
    static Path confine(Path target, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidContentException("archive holds an entry with an empty name");
        }
        if (name.indexOf('\0') >= 0) {
            throw refused(name, "has a NUL character in its name");
        }
        if (name.indexOf('\\') >= 0) {
            throw refused(name, "has a backslash in its name; only '/' separates directories");
        }
        if (name.startsWith("/")) {
            throw refused(name, "is an absolute path; entries must be relative");
        }
        if (DRIVE_LETTER.matcher(name).matches()) {
            throw refused(name, "starts with a drive letter; entries must be relative");
        }
        for (String segment : name.split("/")) {
            if ("..".equals(segment)) {
                throw refused(name, "contains '..'; entries must stay inside the extraction directory");
            }
        }
        Path destination = target.resolve(name).normalize();
        if (!destination.startsWith(target)) {
            throw refused(name, "escapes the extraction directory");
        }
        return destination;
    }

    private InvalidContentException tooLarge(String name) {
        return refused(name, "makes the archive extract to more than " + limits.maxTotalBytes()
                + " bytes (worker.extraction.max-total-bytes)");
    }

    private static InvalidContentException refused(String name, String why) {
        return new InvalidContentException("archive entry '" + name + "' " + why);
    }

    private static InvalidContentException corrupt(String what, IOException e) {
        return new InvalidContentException(what + " is corrupt or not readable: " + e.getMessage(), e);
    }

    @FunctionalInterface
    private interface EntryTask {
        ExtractedFile extract(int index) throws IOException;
    }

    /**
     * Runs the entry tasks on {@code parallelism} threads, the calling one included; the first failure stops the others
     * and is rethrown.
     */
    private List<ExtractedFile> inParallel(int count, Budget budget, EntryTask task) throws IOException {
        ExtractedFile[] results = new ExtractedFile[count];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement()) {
                try {
                    results[i] = task.extract(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    budget.failed = true;
                }
            }
        };
        int threads = Math.min(parallelism, count) - 1;
        ExecutorService pool = threads > 0 ? Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "archive-extraction");
            thread.setDaemon(true);
            return thread;
        }) : null;
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(worker));
            }
            worker.run();
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, e);
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof Error error) {
            throw error;
        }
        if (failed != null) {
            throw new IOException("archive extraction interrupted", failed);
        }
        List<ExtractedFile> files = new ArrayList<>(count);
        for (ExtractedFile file : results) {
            files.add(file);
        }
        return files;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("MD5 is not available", e));
        }
    }

    /** digest() resets the MD5, so one per thread serves every entry. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(ArchiveExtractor::md5);
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);

    /** What the entries of one archive have consumed of the limits so far, shared by the extracting threads. */
    private static final class Budget {
        final AtomicLong written = new AtomicLong();
        final AtomicLong compressed = new AtomicLong();
        /** Directories created for the entries so far. */
        final java.util.Map<Path, Boolean> directories = new java.util.concurrent.ConcurrentHashMap<>();
        /** Set when an entry failed: the other threads stop copying. */
        volatile boolean failed;
    }
}
