package io.camelworker.retry;

import io.camelworker.outcome.RequestAbandonedException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The one retry policy of the service: at most {@link Backoff#getMaxAttempts()} attempts, with the backoff's pauses
 * between them; a pause ends early when the worker stops ({@link StopSignal}), and the retries then end with a
 * {@link RequestAbandonedException} (the request is redelivered), or when the thread is interrupted (its time budget
 * is spent).
 *
 * <p>{@link #call} is the whole loop for work whose transient failures are {@link IOException}s (reading a source);
 * the request listener (whose failures are outcomes, within a time budget) and the publisher (asynchronous, until the
 * broker takes the message) use its pieces: {@link #allowsAttemptAfter}, {@link #pauseAfter}, {@link #pause} and
 * {@link #pauseAsync}.
 */
public final class RetryPolicy {

    /** Waits for a pause unless the stop signal is raised first. */
    @FunctionalInterface
    interface Sleeper {
        /** @return whether the signal was raised before the pause passed */
        boolean sleep(StopSignal stop, Duration pause) throws InterruptedException;
    }

    /** One attempt of the work. */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * Runs attempt {@code number} (1-based): an {@link IOException} is a transient failure, worth another attempt;
         * any other exception, and an {@link InterruptedIOException}, ends the retries at once.
         */
        T run(int number) throws IOException;
    }

    /** Told of each failed attempt that is followed by another one, for a log line. */
    @FunctionalInterface
    public interface FailureLog {
        void failed(int attempt, IOException failure, Duration pause);
    }

    private final Backoff backoff;
    private final Sleeper sleeper;

    public RetryPolicy(Backoff backoff) {
        this(backoff, StopSignal::awaitFor);
    }

    RetryPolicy(Backoff backoff, Sleeper sleeper) {
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    public int maxAttempts() {
        return backoff.getMaxAttempts();
    }

    /** Whether another attempt may follow the failed attempt {@code failedAttempt} (1-based). */
    public boolean allowsAttemptAfter(int failedAttempt) {
        return failedAttempt < backoff.getMaxAttempts();
    }

    /** The pause after the failed attempt {@code failedAttempt} (1-based). */
    public Duration pauseAfter(int failedAttempt) {
        return backoff.backoff(failedAttempt);
    }

    /**
     * Waits {@code pause}, unless {@code stop} is raised first.
     *
     * @param what what is retried, for the message of the exception
     * @throws RequestAbandonedException when {@code stop} is raised before the pause passed
     * @throws InterruptedException      when the thread is interrupted meanwhile
     */
    public void pause(String what, Duration pause, StopSignal stop) throws InterruptedException {
        if (stop.isRaised() || sleeper.sleep(stop, pause)) {
            throw new RequestAbandonedException(what + " given up: the worker is stopping");
        }
    }

    /** Completes once the pause after {@code failedAttempt} has passed or {@code stop} is raised, whichever comes first. */
    public CompletableFuture<Void> pauseAsync(int failedAttempt, StopSignal stop) {
        return stop.afterPause(pauseAfter(failedAttempt));
    }

    /**
     * Runs {@code attempt} until it answers, fails otherwise than transiently, or the attempts are spent.
     *
     * @param what what is retried, for messages
     * @param log  told of each transient failure followed by another attempt
     * @return what the first successful attempt answered
     * @throws IOException               the last transient failure, once the attempts are spent; an
     *                                   {@link InterruptedIOException} at once when the thread is interrupted (the
     *                                   request's time budget is spent); whoever cleans up restores the status
     * @throws RequestAbandonedException when {@code stop} is raised during a pause
     */
    public <T> T call(String what, StopSignal stop, Attempt<T> attempt, FailureLog log) throws IOException {
        for (int number = 1; ; number++) {
            IOException failure;
            try {
                return attempt.run(number);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted(what, e);
                }
                failure = e;
            }
            if (!allowsAttemptAfter(number)) {
                throw failure;
            }
            Duration pause = pauseAfter(number);
            log.failed(number, failure, pause);
            try {
                pause(what, pause, stop);
            } catch (InterruptedException e) {
                throw interrupted(what, e);
            }
        }
    }

    private static InterruptedIOException interrupted(String what, Exception cause) {
        InterruptedIOException interrupted = new InterruptedIOException(what + ": interrupted");
        interrupted.initCause(cause);
        return interrupted;
    }
}
