package io.camelworker.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * How a loop that reads a file stops when the request's thread is interrupted (its time budget,
 * {@code worker.request-timeout}, is spent): at the next buffer or record, with an {@link InterruptedIOException}
 * that names what was under way, the caller cleaning up. The flag is left set, for the retry policy and the caller to
 * see. ({@link FileTransfer} keeps a copy of its own, which clears the flag so that aborting an S3 upload is not
 * refused, and digests on a second thread; the archive readers name the entry, {@code ReadFailures}.)
 */
public final class Interruptions {

    private Interruptions() {
    }

    /** Throws when this thread was interrupted: {@code what} (e.g. "checking product file 'a.tif'") "interrupted". */
    public static void check(String what) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(what + " interrupted");
        }
    }

    /**
     * Copies {@code in} to its end into {@code out}, and into {@code digest} too unless it is null.
     *
     * @return the bytes copied
     * @throws InterruptedIOException when the thread is interrupted, naming {@code what} and the bytes copied so far
     */
    public static long copy(InputStream in, OutputStream out, MessageDigest digest, int bufferSize, String what)
            throws IOException {
        byte[] buffer = new byte[bufferSize];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException(what + ": interrupted after " + total + " bytes");
            }
            if (digest != null) {
                digest.update(buffer, 0, n);
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
