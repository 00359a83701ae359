package io.camelworker.confinement;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens a name of a directory handle so that a FIFO put in its place never blocks the caller.
 *
 * <p>Why this construction: {@code open(2)} of a FIFO for reading blocks until a writer comes, and Java offers no
 * {@code O_NONBLOCK} (nor {@code O_PATH}, nor {@code fstat} of a channel), so a name checked as a regular file and
 * swapped for a FIFO before the open would hold the request's thread in an uninterruptible system call for ever. So:
 * <ol>
 *   <li>the open runs on an opener thread, through a handle of its own on the same directory (a handle whose
 *       operation is under way cannot be closed: its lock is held), while the caller waits, interruptibly;</li>
 *   <li>every {@link #UNBLOCK_DELAY} the caller looks at the name through its handle, without following links, and
 *       when it is neither a regular file, a directory nor a link (a FIFO: users cannot create devices), opens it for
 *       reading and writing and closes it at once. On Linux that open never blocks, and it gives the blocked reader the
 *       writer it waits for: the opener returns, and the caller's check on what was opened refuses the FIFO. Nothing
 *       is created ({@code CREATE} is not asked) and nothing is written;</li>
 *   <li>when the caller is interrupted (its request's time is spent) it gives up with an
 *       {@link InterruptedIOException}; what the opener opens afterwards is closed at once. Only a FIFO moved away from
 *       the name while the open waits on it (or one the worker may not open for writing) keeps an opener thread until
 *       someone writes to it; the request's thread is free either way.</li>
 * </ol>
 */
final class NonBlockingOpen {

    /** How long an open may take before the name is looked at for a FIFO; regular files open in microseconds. */
    static final long UNBLOCK_DELAY_MILLIS = 100;

    private static final Path CURRENT = Path.of(".");
    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * Opener threads: a plain JDK pool, since this package lies below Camel (its ExecutorServiceManager is not in reach)
     * and an opener blocked on a FIFO must not hold a thread of a bounded pool. Daemon threads: they never keep the JVM up.
     */
    private static final ExecutorService OPENERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "file-opener-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** An open of a name of a directory handle. */
    @FunctionalInterface
    interface Opening<T extends Closeable> {
        T open(SecureDirectoryStream<Path> directory) throws IOException;
    }

    private NonBlockingOpen() {
    }

    /**
     * Opens {@code name} of {@code directory} with {@code opening}, waiting interruptibly, unblocking a FIFO.
     *
     * @param what names the open in the exception thrown on interruption
     * @throws InterruptedIOException when the caller's thread is interrupted while it waits (the flag stays set)
     */
    static <T extends Closeable> T open(SecureDirectoryStream<Path> directory, Path name, Opening<T> opening,
                                        String what) throws IOException {
        SecureDirectoryStream<Path> openersOwn = directory.newDirectoryStream(CURRENT, LinkOption.NOFOLLOW_LINKS);
        CompletableFuture<T> opened = new CompletableFuture<>();
        OPENERS.execute(() -> {
            try (openersOwn) {
                opened.complete(opening.open(openersOwn));
            } catch (Throwable t) {
                opened.completeExceptionally(t);
            }
        });
        while (true) {
            try {
                return opened.get(UNBLOCK_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                unblockFifo(directory, name);
            } catch (ExecutionException e) {
                throw rethrown(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                opened.whenComplete((late, failure) -> closeQuietly(late));
                throw new InterruptedIOException(what + " interrupted while it was opened");
            }
        }
    }

    private static void unblockFifo(SecureDirectoryStream<Path> directory, Path name) {
        try {
            BasicFileAttributes found = directory.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (found.isOther()) {
                closeQuietly(directory.newByteChannel(name, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)));
            }
        } catch (IOException e) {
            // gone, replaced, or not ours to open for writing: the caller goes on waiting, interruptibly
        }
    }

    private static IOException rethrown(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new UncheckedIOException(new IOException(cause));
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // opened for nothing: closing is all that is left to do
        }
    }
}
