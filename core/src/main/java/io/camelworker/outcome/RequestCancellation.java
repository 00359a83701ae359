package io.camelworker.outcome;

/**
 * Whether a request may still change anything. The worker cancels it before it answers a request whose route it
 * stopped or abandoned (its {@code worker.request-timeout} spent, the worker stopping), so that a request answered ERROR
 * changes nothing after that answer; steps check it before each side effect (a delete, a write, a publish).
 *
 * <p>Contract for step authors: take it from the exchange property {@link #PROPERTY} (absent when a step runs outside a
 * worker: then nothing cancels it), and call {@link #check} right before each side effect of a loop. A side effect
 * already under way when the request is cancelled is not undone: the worker waits {@code worker.interrupt-grace} for
 * the route to stop before it answers, and a route that does not stop is abandoned with what it is doing.
 */
public final class RequestCancellation {

    /** The exchange property that holds the request's cancellation. */
    public static final String PROPERTY = "CamelWorkerRequestCancellation";

    private volatile String reason;

    /** The cancellation a step finds in {@link #PROPERTY}, or one that is never cancelled when there is none. */
    public static RequestCancellation orNever(RequestCancellation found) {
        return found == null ? new RequestCancellation() : found;
    }

    /** Cancels the request; the first reason is kept. */
    public synchronized void cancel(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /**
     * Throws when the request was cancelled or its thread interrupted (the interruption flag stays set): call it before
     * each side effect.
     *
     * @param what the side effect about to be done, e.g. {@code "deleting urls[2]"}
     * @throws ProcessingErrorException naming {@code what} and why it is not done
     */
    public void check(String what) {
        String why = reason;
        if (why != null) {
            throw new ProcessingErrorException(what + " not done: the request was cancelled (" + why + ")");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new ProcessingErrorException(what + " not done: the request's thread was interrupted");
        }
    }
}
