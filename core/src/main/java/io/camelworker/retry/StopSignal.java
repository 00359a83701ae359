package io.camelworker.retry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Raised once when a consumer begins to stop; pauses (backoffs, publish retries) end early when it is raised. */
public final class StopSignal {

    private final CountDownLatch raised = new CountDownLatch(1);
    private final CompletableFuture<Void> raisedFuture = new CompletableFuture<>();

    public void raise() {
        raised.countDown();
        raisedFuture.complete(null);
    }

    public boolean isRaised() {
        return raised.getCount() == 0;
    }

    /**
     * Waits for {@code pause} unless the signal is raised first; answers whether it was raised.
     *
     * @throws InterruptedException when the thread is interrupted meanwhile
     */
    public boolean awaitFor(Duration pause) throws InterruptedException {
        return raised.await(pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Completes, on a thread of the common pool, once {@code pause} has passed or the signal is raised, whichever comes
     * first. The JDK's delayer and common pool, not Camel's threads: the publisher that waits on it is below Camel, and
     * nothing runs on them but the completion of this future.
     */
    public CompletableFuture<Void> afterPause(Duration pause) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS).execute(() -> ended.complete(null));
        raisedFuture.thenRunAsync(() -> ended.complete(null));
        return ended;
    }
}
