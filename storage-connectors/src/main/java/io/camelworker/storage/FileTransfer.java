package io.camelworker.storage;

import io.camelworker.outcome.RequestCancellation;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.ShownUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Copies a source into a destination in one streaming pass, computing the digest on the way, and makes the file
 * visible only once its checksum is verified. A destination that already holds the expected file is not written again.
 */
public class FileTransfer {

    /** Bytes a local copy hands to the kernel at once; the digest follows one chunk behind. */
    private static final long LOCAL_COPY_CHUNK = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FileTransfer.class);

    private final Sources sources;
    private final int bufferSize;
    private final ExecutorService digesters;

    /**
     * @param digesters threads that digest while transfers copy, one busy per transfer under way at most; the owner
     *                  of the pool shuts it down (the service takes it from Camel's ExecutorServiceManager)
     */
    public FileTransfer(Sources sources, int bufferSize, ExecutorService digesters) {
        this.sources = sources;
        this.bufferSize = bufferSize;
        this.digesters = digesters;
    }

    /**
     * Stores the content of a URL. {@code cancellation} is checked right before the upload is committed, the one step
     * that makes the file visible at its final name, whatever the destination (local, S3, a Camel endpoint): a request
     * answered ERROR in the meantime stores nothing, the upload is aborted instead.
     *
     * @param field            names the URL's field in error messages
     * @param url              the source URL, read through {@link Sources} unless {@code opened} is given
     * @param opened           the source already opened by an earlier step, or null; closed in every case
     * @param expectedChecksum hex checksum the content must have, or null to store without verification
     * @param cancellation     the request's ({@link RequestCancellation#PROPERTY}, or one never cancelled)
     * @throws ChecksumMismatchException on a checksum mismatch (nothing is stored)
     * @throws ProcessingErrorException when the destination holds another file
     */
    public TransferResult transfer(String field, String url, SourceContent opened, Destination destination,
                                   String algorithm, String expectedChecksum, RequestCancellation cancellation)
            throws IOException {
        MessageDigest digest = newDigest("algorithm", algorithm);
        String expected = expectedChecksum == null ? null : expectedChecksum.toLowerCase(java.util.Locale.ROOT);
        try (SourceContent ignored = opened) {
            if (expected != null) {
                long existing = destination.existingSize();
                if (existing >= 0) {
                    if (destination.holds(expected, algorithm, opened == null ? -1 : opened.size())) {
                        LOG.info("{} already holds the file with {} {}: not copied again", destination.storedFileUrl(),
                                algorithm, expected);
                        return new TransferResult(expected, algorithm, existing, destination.storedFileUrl(), false);
                    }
                    throw new ProcessingErrorException(destination.storedFileUrl() + " already holds a different file "
                            + "(not " + algorithm + " " + expected + "); it is not overwritten");
                }
            }
            try (SourceContent source = opened != null ? opened : sources.open(field, url);
                 Destination.Upload upload = destination.begin(source.size(), expected, algorithm)) {
                long copied = source.file() != null && source.size() >= 0 && upload.file() != null
                        ? copyLocalFile(field + " '" + ShownUrl.of(url) + "'", source.file(), source.size(), digest,
                                upload)
                        : copy(source.stream(), digest, upload);
                if (source.size() >= 0 && copied != source.size()) {
                    throw new IOException(field + " '" + ShownUrl.of(url) + "' ended after " + copied + " bytes of "
                            + source.size() + "; the transfer is retried");
                }
                String computed = HexFormat.of().formatHex(digest.digest());
                if (expected != null && !expected.equals(computed)) {
                    // The computed digest is not shown: it would tell a requester the digest of content it may
                    // not be allowed to read.
                    throw new ChecksumMismatchException("checksum mismatch for " + field + " '" + ShownUrl.of(url)
                            + "': its content does not have the expected " + algorithm + " " + expected
                            + "; nothing was stored");
                }
                cancellation.check("storing " + destination.storedFileUrl());
                upload.commit();
                LOG.info("Stored {} bytes at {} ({} {})", copied, destination.storedFileUrl(), algorithm, computed);
                return new TransferResult(computed, algorithm, copied, destination.storedFileUrl(), true);
            }
        } catch (InterruptedIOException | ClosedByInterruptException e) {
            // The upload is aborted by now (with the flag cleared, so that an S3 abort is not refused): restored for
            // the caller, whose time budget ran out.
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("transfer of " + field + " '" + ShownUrl.of(url) + "' to "
                    + destination.storedFileUrl() + " interrupted; nothing was stored");
        }
    }

    /** Computes the lower-case hex digest of a stream to its end. */
    public static String checksumOf(InputStream stream, String algorithm) throws IOException {
        MessageDigest digest = newDigest("algorithm", algorithm);
        copy(stream, digest, StorageProperties.DEFAULT_BUFFER_SIZE.toBytes());
        return HexFormat.of().formatHex(digest.digest());
    }

    private long copy(InputStream in, MessageDigest digest, Destination.Upload upload) throws IOException {
        if (upload != null) {
            return copyDigestingAlongside(in, digest, upload);
        }
        return copy(in, digest, bufferSize);
    }

    private static long copy(InputStream in, MessageDigest digest, long bufferSize) throws IOException {
        byte[] buffer = new byte[(int) bufferSize];
        long total = 0;
        while (true) {
            stopIfInterrupted();
            int filled = in.readNBytes(buffer, 0, buffer.length);
            if (filled <= 0) {
                return total;
            }
            digest.update(buffer, 0, filled);
            total += filled;
        }
    }

    /**
     * Copies with the digest computed on another thread, two buffers in turn: the digest of one buffer runs while the
     * next one is read and the previous written, so a copy takes about as long as the slower of the two, not their sum.
     * The digest still sees every byte in order: a buffer is handed over only once the one before it is digested.
     */
    private long copyDigestingAlongside(InputStream in, MessageDigest digest, Destination.Upload upload)
            throws IOException {
        byte[][] buffers = {new byte[bufferSize], new byte[bufferSize]};
        Future<?> digesting = null;
        long total = 0;
        for (int turn = 0; ; turn++) {
            byte[] buffer = buffers[turn & 1];
            stopIfInterrupted();
            // This buffer was last digested two turns ago, which finished before the previous turn's digest began.
            int filled = in.readNBytes(buffer, 0, buffer.length);
            awaitDigest(digesting);
            if (filled <= 0) {
                return total;
            }
            digesting = digesters.submit(() -> digest.update(buffer, 0, filled));
            upload.write(buffer, 0, filled);
            total += filled;
        }
    }

    /**
     * Copies a local file into a local temporary file inside the kernel ({@link FileChannel#transferTo}: no byte goes
     * through the heap), chunk by chunk, and digests each chunk by reading it back from the temporary file (from the
     * page cache) on another thread while the next chunk is copied: the digest is the one of the bytes stored, and it
     * costs about as long as the copy instead of adding to it. The source is copied up to the size it had when it was
     * opened, which {@link Sources} checked against {@code worker.storage.max-file-size}; a source that grew meanwhile
     * is not stored.
     */
    private long copyLocalFile(String shown, FileChannel in, long size, MessageDigest digest, Destination.Upload upload)
            throws IOException {
        FileChannel out = upload.file();
        byte[] buffer = new byte[bufferSize];
        long chunk = Math.max(bufferSize, LOCAL_COPY_CHUNK);
        Future<?> digesting = null;
        long position = 0;
        while (position < size) {
            stopIfInterrupted();
            long copied = upload.transferFrom(in, position, Math.min(chunk, size - position));
            if (copied <= 0) {
                break;
            }
            awaitDigest(digesting);
            long from = position;
            digesting = digesters.submit(() -> digestStored(out, from, copied, digest, buffer));
            position += copied;
        }
        awaitDigest(digesting);
        if (in.size() > position) {
            throw new IOException(shown + " grew from " + size + " to " + in.size() + " bytes while it was copied; "
                    + "the transfer is retried");
        }
        return position;
    }

    /** Digests {@code count} bytes of a file from {@code from}, positional reads (the copy goes on meanwhile). */
    private static Void digestStored(FileChannel file, long from, long count, MessageDigest digest, byte[] buffer)
            throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer);
        long end = from + count;
        for (long position = from; position < end; ) {
            bytes.clear().limit((int) Math.min(buffer.length, end - position));
            int read = file.read(bytes, position);
            if (read < 0) {
                throw new EOFException("the copy ended at " + position + " bytes, before " + end);
            }
            digest.update(buffer, 0, read);
            position += read;
        }
        return null;
    }

    /**
     * The request's time budget ({@code worker.request-timeout}) interrupts the thread: the copy stops there. The flag is
     * cleared here so that the clean-up (removing the temporary file, aborting an S3 upload) can run.
     */
    private static void stopIfInterrupted() throws InterruptedIOException {
        if (Thread.interrupted()) {
            throw new InterruptedIOException("copy interrupted");
        }
    }

    private static void awaitDigest(Future<?> digesting) throws IOException {
        if (digesting == null) {
            return;
        }
        try {
            digesting.get();
        } catch (InterruptedException e) {
            throw new InterruptedIOException("copy interrupted while digesting");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new IOException("reading back the copy to digest it failed: " + io.getMessage(), io);
            }
            throw new IllegalStateException("digest failed", e.getCause());
        }
    }

    /**
     * A new digest of a JCA algorithm name (MD5, SHA-1, SHA-256...).
     *
     * @throws InvalidContentException naming the field when the algorithm is unknown
     */
    public static MessageDigest newDigest(String field, String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm == null ? "" : algorithm);
        } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
            throw new InvalidContentException(field + " '" + algorithm + "' is not a supported digest algorithm; "
                    + "expected a JCA name such as MD5, SHA-1, SHA-256");
        }
    }

    /**
     * What a transfer did.
     *
     * @param checksum lower-case hex digest of the content
     * @param size     size in bytes
     * @param url      the stored file's URL
     * @param copied   false when the destination already held the file and nothing was written
     */
    public record TransferResult(String checksum, String algorithm, long size, String url, boolean copied) {
    }
}
