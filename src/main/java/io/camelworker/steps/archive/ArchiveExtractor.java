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
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;

/**
 * The extraction engine: extracts a local zip, tar or tar.gz archive into an empty directory, streaming each entry to
 * disk and computing its MD5 on the way, and refuses hostile archives with an {@link InvalidContentException} naming the
 * entry and the limit.
 *
 * <p>Refused: entry paths that would leave the directory or that the file system cannot hold ({@link EntryPaths}),
 * links, devices, fifos, encrypted or unsupported entries, corrupt data, zip entries sharing data, and more entries, bytes
 * or compression than the {@link ExtractionLimits}. Sizes and ratios are measured on the bytes actually read and
 * written, never on the sizes the archive declares, and counted in the request's {@link ExtractionBudget}. On refusal or
 * interruption the directory holds a partial extraction: the caller extracts into a temporary directory and deletes it.
 * A zip's central directory is checked ({@link CentralDirectoryCheck}) before it is parsed, then its entries are
 * extracted by {@code parallelism} threads.
 */
public class ArchiveExtractor {

    private static final int BUFFER_SIZE = 64 * 1024;
    /** Unix file type bits of a zip entry's mode: regular files, directories and links are the only ones extracted. */
    private static final int UNIX_TYPE_MASK = 0170000;
    private static final int UNIX_REGULAR = 0100000;
    private static final int UNIX_DIRECTORY = 0040000;

    private final ExtractionLimits limits;
    private final int parallelism;
    private final ExecutorService helpers;

    /** An extractor that starts {@code parallelism - 1} threads of its own per zip (the command line, tests). */
    public ArchiveExtractor(ExtractionLimits limits, int parallelism) {
        this(limits, parallelism, null);
    }

    /**
     * @param helpers the threads that extract a zip's entries beside the calling one, shared by the requests of the
     *                process (Camel's ExecutorServiceManager pool); null to start threads per zip
     */
    public ArchiveExtractor(ExtractionLimits limits, int parallelism, ExecutorService helpers) {
        this.limits = limits;
        this.parallelism = parallelism;
        this.helpers = helpers;
    }

    public ExtractionLimits limits() {
        return limits;
    }

    /** Extracts an archive that is a request of its own into {@code target}, an existing empty directory. */
    public List<ExtractedFile> extract(Path archive, Path target) throws IOException {
        return extract(archive, target, new ExtractionBudget(limits));
    }

    /**
     * Extracts an archive into {@code target}, an existing empty directory.
     *
     * @param budget what the request this archive belongs to may still extract
     * @return the regular files extracted, sorted by path
     * @throws InvalidContentException when the archive is hostile, corrupt or of an unknown format
     * @throws InterruptedIOException  when the thread was interrupted (the request ran out of time): extraction stopped
     * @throws IOException             when writing fails (disk full...), worth retrying
     */
    public List<ExtractedFile> extract(Path archive, Path target, ExtractionBudget budget) throws IOException {
        String shown = "archive '" + archive.getFileName() + "'";
        Path directory = target.toAbsolutePath().normalize();
        ArchiveFormat format;
        try {
            format = ArchiveFormat.of(archive, shown);
        } catch (ClosedChannelException e) {
            throw corrupt(shown, e);
        }
        List<ExtractedFile> files = switch (format) {
            case ZIP -> extractZip(archive, shown, directory, budget);
            case TAR -> extractTar(archive, directory, false, budget);
            case TAR_GZ -> extractTar(archive, directory, true, budget);
        };
        List<ExtractedFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(ExtractedFile::path));
        return sorted;
    }

    private List<ExtractedFile> extractZip(Path archive, String shown, Path target, ExtractionBudget requestBudget)
            throws IOException {
        try {
            CentralDirectoryCheck.check(archive, shown, limits.maxEntries());
        } catch (IOException e) {
            throw corrupt("archive", e);
        }
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(archive).get();
        } catch (IOException e) {
            throw corrupt("archive", e);
        }
        try (zip) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
            OverlappingEntriesCheck.check(entries);
            // Everything that can be refused without inflating is checked before any byte is written.
            List<ZipArchiveEntry> regular = new ArrayList<>();
            for (ZipArchiveEntry entry : entries) {
                checkInterrupted(entry.getName());
                Path destination = EntryPaths.confine(target, entry.getName());
                if (entry.isUnixSymlink()) {
                    throw refused(entry.getName(), "is a symbolic link; links are not extracted");
                }
                int type = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & UNIX_TYPE_MASK : 0;
                if (type != 0 && type != UNIX_REGULAR && type != UNIX_DIRECTORY) {
                    throw refused(entry.getName(), "is a device, fifo or socket (unix mode " + Integer.toOctalString(
                            entry.getUnixMode()) + "); only regular files and directories are extracted");
                }
                if (entry.getGeneralPurposeBit().usesEncryption() || entry.getGeneralPurposeBit().usesStrongEncryption()) {
                    throw refused(entry.getName(), "is encrypted; encrypted archives are not supported");
                }
                if (entry.isDirectory()) {
                    createDirectories(entry.getName(), destination);
                } else if (!zip.canReadEntryData(entry)) {
                    throw refused(entry.getName(), "uses an unsupported compression method (" + entry.getMethod() + ")");
                } else {
                    requestBudget.checkDeclared(entry.getName(), entry.getSize());
                    regular.add(entry);
                }
            }
            Budget budget = new Budget(requestBudget);
            List<ZipArchiveEntry> spread = parallelism > 1 ? acrossDirectories(regular) : regular;
            return inParallel(spread.size(), budget, i -> {
                ZipArchiveEntry entry = spread.get(i);
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
                    Copy copy = copy(entry.getName(), in, compressed, target, EntryPaths.confine(target, entry.getName()),
                            budget);
                    if (copy != null) {
                        checkIntegrity(entry, copy);
                    }
                    return copy == null ? null : copy.file();
                }
            });
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

    private List<ExtractedFile> extractTar(Path archive, Path target, boolean gzipped, ExtractionBudget requestBudget)
            throws IOException {
        Budget budget = new Budget(requestBudget);
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
                checkInterrupted(entry.getName());
                if (++count > limits.maxEntries()) {
                    throw refused(entry.getName(), "is beyond the limit of " + limits.maxEntries()
                            + " entries (worker.extraction.max-entries)");
                }
                Path destination = EntryPaths.confine(target, entry.getName());
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw refused(entry.getName(), "is a " + (entry.isLink() ? "hard" : "symbolic")
                            + " link to '" + entry.getLinkName() + "'; links are not extracted");
                }
                // TarArchiveEntry.isFile() is true of anything that is not a directory: devices and fifos first.
                String special = entry.isFIFO() ? "fifo" : entry.isCharacterDevice() ? "character device"
                        : entry.isBlockDevice() ? "block device" : null;
                if (special != null) {
                    throw refused(entry.getName(), "is a " + special + "; only regular files and directories are extracted");
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
                checkInterrupted(name);
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
                // The narrowest scope first: a bomb is named as an entry, then as an archive, then as a request.
                limits.checkRatio("entry", name, written, compressed);
                limits.checkRatio("archive at entry", name, total, totalCompressed);
                budget.request.charge(name, n, compressed - compressedCounted);
                compressedCounted = compressed;
                md5.update(buffer, 0, n);
                crc.update(buffer, 0, n);
                out.write(buffer, 0, n);
                if (budget.failed) {
                    return null;
                }
            }
        } catch (ClosedChannelException e) {
            // The new file's channel, closed by an interruption of a write: corrupt() reports the interruption.
            throw corrupt("entry " + EntryPaths.quoted(name), e);
        }
        // The normalised path ("./a//b" is "a/b"), as it lies under the target.
        String path = target.relativize(destination).toString();
        return new Copy(new ExtractedFile(path, destination, written, HexFormat.of().formatHex(md5.digest())),
                crc.getValue());
    }

    /** An entry written to disk, with the CRC-32 of what was written. */
    private record Copy(ExtractedFile file, long crc) {
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

    private static InvalidContentException refused(String name, String why) {
        return EntryPaths.refused(name, why);
    }

    /**
     * A read that failed: the archive is corrupt, unless the thread was interrupted. An interrupted read closes the
     * file's channel under every thread reading it, which the others see as a closed channel: not the archive's fault.
     */
    private static InvalidContentException corrupt(String what, IOException e) throws InterruptedIOException {
        if (e instanceof InterruptedIOException interrupted) {
            throw interrupted;
        }
        if (e instanceof ClosedChannelException || Thread.currentThread().isInterrupted()) {
            InterruptedIOException interrupted = interrupted(what);
            interrupted.initCause(e);
            throw interrupted;
        }
        return new InvalidContentException(what + " is corrupt or not readable: " + e.getMessage(), e);
    }

    /** The request's time is up when the thread that runs it is interrupted: stop before the next entry or buffer. */
    private static void checkInterrupted(String entry) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted("entry " + EntryPaths.quoted(entry));
        }
    }

    private static InterruptedIOException interrupted(String what) {
        return new InterruptedIOException("archive extraction interrupted at " + what);
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
        ExecutorService pool = threads <= 0 ? null : helpers != null ? helpers : Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "archive-extraction");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> running = new ArrayList<>();
        // A helper runs only if it claims its turn before the calling thread is done: one that has not started by then
        // (the shared pool busy with another request's zip) has nothing left to do and is not waited for.
        List<AtomicBoolean> turns = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                AtomicBoolean turn = new AtomicBoolean();
                turns.add(turn);
                running.add(pool.submit(() -> {
                    if (turn.compareAndSet(false, true)) {
                        worker.run();
                    }
                }));
            }
            worker.run();
        } finally {
            if (pool != null) {
                if (pool != helpers) {
                    pool.shutdown();
                }
                List<Future<?>> started = new ArrayList<>();
                for (int t = 0; t < running.size(); t++) {
                    if (!turns.get(t).compareAndSet(false, true)) {
                        started.add(running.get(t));
                    }
                }
                awaitAll(started, failure, budget);
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
            throw new IOException("archive extraction failed", failed);
        }
        List<ExtractedFile> files = new ArrayList<>(count);
        for (ExtractedFile file : results) {
            files.add(file);
        }
        return files;
    }

    /**
     * Waits until the other threads stopped, even when interrupted: the caller deletes what they wrote once this
     * returns. They stop at their next buffer once one failed; the interruption is recorded and restored.
     */
    private static void awaitAll(List<Future<?>> running, AtomicReference<Throwable> failure, Budget budget) {
        boolean interrupted = false;
        for (Future<?> future : running) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    failure.compareAndSet(null, interrupted("the end of a zip"));
                    budget.failed = true;
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        final ExtractionBudget request;
        final AtomicLong written = new AtomicLong();
        final AtomicLong compressed = new AtomicLong();
        /** Directories created for the entries so far. */
        final java.util.Map<Path, Boolean> directories = new java.util.concurrent.ConcurrentHashMap<>();
        /** Set when an entry failed: the other threads stop copying. */
        volatile boolean failed;

        Budget(ExtractionBudget request) {
            this.request = request;
        }
    }
}
