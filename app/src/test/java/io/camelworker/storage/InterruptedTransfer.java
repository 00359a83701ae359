package io.camelworker.storage;

import io.camelworker.outcome.RequestCancellation;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs a {@link FileTransfer} of an endless source on a thread of its own and interrupts that thread once the source
 * has handed out a given number of bytes, as the request's time budget interrupts the route thread.
 */
public final class InterruptedTransfer {

    private InterruptedTransfer() {
    }

    /**
     * @param failure                 what the transfer threw
     * @param interruptFlagAfterwards whether the thread was still marked interrupted after the transfer returned
     */
    public record Outcome(Throwable failure, boolean interruptFlagAfterwards) {
    }

    public static Outcome interruptAfter(Destination destination, long bytes) throws InterruptedException {
        AtomicLong served = new AtomicLong();
        SourceReader endless = new SourceReader() {
            @Override
            public boolean supports(URI url) {
                return true;
            }

            @Override
            public SourceContent open(String field, URI url) {
                return new SourceContent(new EndlessStream(served), -1, "endless.bin");
            }
        };
        FileTransfer transfer = new FileTransfer(new Sources(List.of(endless), StorageProperties.DEFAULT_MAX_FILE_SIZE),
                64 * 1024, DigestThreads.pool());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        Thread copier = new Thread(() -> {
            try {
                transfer.transfer("url", "test:endless", null, destination, "MD5", "00000000000000000000000000000000",
                        new RequestCancellation());
            } catch (Throwable e) {
                failure.set(e);
            }
            flag.set(Thread.currentThread().isInterrupted());
        }, "copy-under-test");
        copier.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> served.get() > bytes);
        copier.interrupt();
        copier.join(Duration.ofSeconds(60).toMillis());
        assertThat(copier.isAlive()).as("the copy stopped").isFalse();
        return new Outcome(failure.get(), flag.get());
    }

    /** Never ends; slow enough to be interrupted in the middle, and deaf to interruption itself. */
    private static final class EndlessStream extends InputStream {

        private final AtomicLong served;

        EndlessStream(AtomicLong served) {
            this.served = served;
        }

        @Override
        public int read() {
            served.incrementAndGet();
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            // parkNanos returns early on interruption without clearing the flag: only the copy loop can stop here.
            LockSupport.parkNanos(1_000_000);
            int n = Math.min(length, 64 * 1024);
            served.addAndGet(n);
            return n;
        }
    }
}
