package io.camelworker.storage.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a download that stopped sending: the JDK HTTP client has no read timeout on a response body, and a server
 * that stalls mid-body would otherwise hold a worker thread for ever. The blocked read then fails with an
 * {@link IOException}, which the framework retries. Only time spent waiting in a read counts: a reader that is slow
 * itself (an S3 destination busy uploading its parts) is not taken for a stalled server.
 */
final class StallGuardedInputStream extends FilterInputStream {

    /**
     * One daemon thread for the process, not Camel's: a connector sees no CamelContext (it sits behind the storage SPI),
     * and the watchdog only closes streams, so it needs no lifecycle of its own.
     */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "http-stall-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private static final long NOT_READING = Long.MIN_VALUE;

    private final long timeoutNanos;
    private final ScheduledFuture<?> check;
    /** When the read under way began, or {@link #NOT_READING}. */
    private volatile long readSince = NOT_READING;
    private volatile boolean stalled;

    StallGuardedInputStream(InputStream in, Duration timeout) {
        super(in);
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(100, timeout.toMillis() / 4);
        this.check = WATCHDOG.scheduleAtFixedRate(this::closeIfStalled, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public int read() throws IOException {
        readSince = System.nanoTime();
        try {
            return progressed(super.read());
        } catch (IOException e) {
            throw stalled ? stalledFailure(e) : e;
        } finally {
            readSince = NOT_READING;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        readSince = System.nanoTime();
        try {
            return progressed(super.read(buffer, offset, length));
        } catch (IOException e) {
            throw stalled ? stalledFailure(e) : e;
        } finally {
            readSince = NOT_READING;
        }
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }

    private int progressed(int result) throws IOException {
        if (stalled) {
            throw stalledFailure(null);
        }
        return result;
    }

    private IOException stalledFailure(IOException cause) {
        return new IOException("no data received for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                + " ms (worker.storage.read-timeout)", cause);
    }

    private void closeIfStalled() {
        long since = readSince;
        if (since != NOT_READING && System.nanoTime() - since > timeoutNanos) {
            stalled = true;
            check.cancel(false);
            try {
                in.close();
            } catch (IOException e) {
                // the blocked read fails either way
            }
        }
    }
}
