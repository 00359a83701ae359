package io.camelworker.steps.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;

/**
 * Writes an archive's entry to a new file, streaming it, computing its MD5 and CRC-32 on the way, and enforcing the
 * limits as bytes are written: of the entry, of its archive, and of the request.
 */
final class EntryWriter {

    static final int BUFFER_SIZE = 64 * 1024;

    /** digest() resets the MD5, so one per thread serves every entry. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(EntryWriter::md5);
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);

    private final ExtractionLimits limits;

    EntryWriter(ExtractionLimits limits) {
        this.limits = limits;
    }

    /**
     * An entry written to disk, with the CRC-32 of what was written.
     *
     * @param file what was written
     * @param crc  its CRC-32
     */
    record Written(ExtractedFile file, long crc) {
    }

    /**
     * Streams one entry to a new file.
     *
     * @param compressedSoFar the archive bytes read for this entry so far
     * @return what was written, or null when another entry of the archive failed meanwhile (the write stopped)
     */
    Written write(String name, InputStream in, LongSupplier compressedSoFar, Path target, Path destination,
                  ArchiveBudget budget) throws IOException {
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
                ReadFailures.checkInterrupted(name);
                int n;
                try {
                    // Decompressors return a few hundred bytes per read: filling the buffer keeps writes and checks large.
                    n = in.readNBytes(buffer, 0, buffer.length);
                } catch (IOException e) {
                    throw ReadFailures.corrupt("entry '" + name + "'", e);
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
            throw ReadFailures.corrupt("entry " + EntryPaths.quoted(name), e);
        }
        // The normalised path ("./a//b" is "a/b"), as it lies under the target.
        String path = target.relativize(destination).toString();
        return new Written(new ExtractedFile(path, destination, written, HexFormat.of().formatHex(md5.digest())),
                crc.getValue());
    }

    /** Creates the directory of a directory entry, or the parents of a file entry. */
    static void createDirectories(String name, Path directory) throws IOException {
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            throw EntryPaths.refused(name, "needs a directory where the archive put a file");
        }
    }

    private static OutputStream newFile(String name, Path destination) throws IOException {
        try {
            return Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw EntryPaths.refused(name, "appears twice in the archive, or collides with another entry");
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("MD5 is not available", e));
        }
    }
}
