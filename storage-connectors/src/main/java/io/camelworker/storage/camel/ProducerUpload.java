package io.camelworker.storage.camel;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.storage.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A write through a Camel producer that runs on another thread and reads the content from a pipe this upload feeds.
 * The pipe keeps back the last chunk written, and past a declared size refuses more: the component never receives
 * the whole content before {@link #commit()}, so it cannot complete the file (rename a temporary file, commit a Put
 * Blob) before the checksum has been verified. An abort makes the producer's next read fail, then removes the
 * temporary file, if the component wrote one.
 */
final class ProducerUpload implements Destination.Upload {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerUpload.class);

    /** Chunks queued between the writer and the producer: memory stays at a few copy buffers per upload. */
    private static final int QUEUED_CHUNKS = 2;

    /** How often a blocked writer checks that the producer is still reading. */
    private static final long WRITER_CHECK_MILLIS = 100;

    private static final byte[] END = new byte[0];
    private static final byte[] ABORTED = new byte[0];

    private final String shown;
    private final long size;
    private final long abortWaitMillis;
    private final CleanUp cleanUp;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS + 1);
    private volatile boolean aborted;
    private Future<?> producing;
    private byte[] held;
    private long written;
    private boolean finished;

    /** What removes an aborted attempt's leftovers. */
    interface CleanUp {
        void run() throws IOException;
    }

    /**
     * @param shown           the target as messages name it (endpoint name and path)
     * @param size            the declared size, or -1
     * @param abortWaitMillis how long an abort waits for the producer to stop before interrupting it
     */
    ProducerUpload(String shown, long size, long abortWaitMillis, CleanUp cleanUp) {
        this.shown = shown;
        this.size = size;
        this.abortWaitMillis = abortWaitMillis;
        this.cleanUp = cleanUp;
    }

    /** The content the producer reads. */
    InputStream content() {
        return new Pipe();
    }

    /** Hands over the producer's run, started on a Camel executor thread with {@link #content()} as its body. */
    void producing(Future<?> producing) {
        this.producing = producing;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        written += length;
        if (size >= 0 && written > size) {
            throw new InvalidContentException(shown + ": the source is longer than the " + size
                    + " bytes it declared; nothing was stored");
        }
        // The caller reuses its buffer: the producer gets a copy.
        byte[] copy = Arrays.copyOfRange(buffer, offset, offset + length);
        if (held != null) {
            enqueue(held);
        }
        held = copy;
    }

    @Override
    public void commit() throws IOException {
        if (held != null) {
            enqueue(held);
            held = null;
        }
        enqueue(END);
        try {
            producing.get();
            finished = true;
        } catch (InterruptedException e) {
            throw new InterruptedIOException("storing " + shown + " interrupted");
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        }
    }

    @Override
    public void abort() {
        if (finished || aborted) {
            return;
        }
        aborted = true;
        chunks.clear();
        chunks.offer(ABORTED);
        try {
            producing.get(abortWaitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CancellationException e) {
            // the producer failed on the aborted pipe, as it should
        } catch (TimeoutException e) {
            producing.cancel(true);
        } catch (InterruptedException e) {
            producing.cancel(true);
            Thread.currentThread().interrupt();
        }
        try {
            cleanUp.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: the aborted attempt's temporary file could not be removed ({}); its name is unique to the "
                    + "attempt, it never passes for the stored file", shown, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (!finished) {
            abort();
        }
    }

    private void enqueue(byte[] chunk) throws IOException {
        try {
            while (!chunks.offer(chunk, WRITER_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (producing.isDone()) {
                    throw producerStopped();
                }
            }
        } catch (InterruptedException e) {
            throw new InterruptedIOException("storing " + shown + " interrupted");
        }
    }

    /** The producer ended before the content did: its failure, which says why. */
    private IOException producerStopped() {
        try {
            producing.get();
            return new IOException(shown + ": the component ended the write before the content did");
        } catch (ExecutionException e) {
            return failed(e.getCause());
        } catch (InterruptedException | CancellationException e) {
            return new InterruptedIOException("storing " + shown + " interrupted");
        }
    }

    private IOException failed(Throwable cause) {
        if (cause instanceof ProcessingErrorException | cause instanceof InvalidContentException) {
            throw (RuntimeException) cause;
        }
        return new IOException(shown + ": the component failed to store the file: " + cause.getMessage(), cause);
    }

    /** The producer's side of the pipe. */
    private final class Pipe extends InputStream {

        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (ended) {
                    return -1;
                }
                byte[] next;
                try {
                    next = chunks.take();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("write interrupted");
                }
                if (aborted || next == ABORTED) {
                    throw new IOException("the write was aborted (checksum mismatch, failure or interruption of the "
                            + "transfer); the component must not complete the file");
                }
                if (next == END) {
                    ended = true;
                    return -1;
                }
                current = next;
                position = 0;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - position;
        }
    }
}
