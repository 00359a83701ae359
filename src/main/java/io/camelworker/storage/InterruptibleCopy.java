package io.camelworker.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Copies a stream for as long as the request's thread is not interrupted: once its time budget
 * ({@code worker.request-timeout}) is spent, the copy stops at the next buffer and the caller cleans up. The flag is
 * left set, for the retry policy and the caller to see. ({@link FileTransfer} keeps a copy of its own, which clears
 * the flag so that aborting an S3 upload is not refused, and digests on a second thread.)
 */
public final class InterruptibleCopy {

    private InterruptibleCopy() {
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
