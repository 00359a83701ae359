package io.camelworker.storage;

import io.camelworker.outcome.InvalidContentException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A source that may not be longer than {@code worker.storage.max-file-size}: the read that crosses the limit fails with
 * an INVALID_CONTENT, so that an endless source stops there, whatever it declared beforehand.
 */
final class SizeLimitedStream extends FilterInputStream {

    private final long limit;
    private final String shown;
    private long count;

    /** @param shown the source as error messages name it, e.g. {@code url 'http://...'} */
    SizeLimitedStream(InputStream in, long limit, String shown) {
        super(in);
        this.limit = limit;
        this.shown = shown;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // One byte more than the limit allows is enough to tell that the source is too long.
        int n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - count + 1));
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) {
        count += n;
        if (count > limit) {
            throw new InvalidContentException(shown + " is larger than worker.storage.max-file-size (" + limit
                    + " bytes); refused after " + count + " bytes, nothing was stored");
        }
    }
}
