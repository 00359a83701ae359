package io.camelworker.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The time one request may take, from its first attempt to its answer ({@code worker.request-timeout}), and the warning
 * logged once when it has used {@code worker.slow-request-warning} of it.
 */
public final class RequestBudget {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBudget.class);

    private final String requestId;
    private final Duration timeout;
    private final Duration slowAfter;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean warned = new AtomicBoolean();

    RequestBudget(String requestId, Duration timeout, double slowFraction) {
        this.requestId = requestId;
        this.timeout = timeout;
        this.slowAfter = Duration.ofNanos((long) (timeout.toNanos() * slowFraction));
    }

    public String requestId() {
        return requestId;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Time left before the request is answered ERROR; zero or negative once it is spent. */
    public Duration remaining() {
        return timeout.minus(elapsed());
    }

    public boolean isSpent() {
        Duration left = remaining();
        return left.isZero() || left.isNegative();
    }

    /**
     * How long the caller may wait before it must look at the budget again: until the slow warning is due, or until the
     * budget is spent.
     */
    public Duration nextCheck() {
        Duration untilSpent = remaining();
        if (warned.get()) {
            return untilSpent;
        }
        Duration untilSlow = slowAfter.minus(elapsed());
        return untilSlow.compareTo(untilSpent) < 0 ? untilSlow : untilSpent;
    }

    /** Logs, once per request, that it has run past the slow-request threshold. */
    public void warnIfSlow() {
        if (elapsed().compareTo(slowAfter) >= 0 && warned.compareAndSet(false, true)) {
            LOG.warn("Request {} has been processed for {} ms, past worker.slow-request-warning ({} ms of worker.request-timeout={})",
                    requestId, elapsed().toMillis(), slowAfter.toMillis(), timeout);
        }
    }

    /** The reason of the ERROR answer of a request whose budget cannot hold another attempt after a failure. */
    public String noTimeForAttempt(int attempt, Throwable lastFailure) {
        return "request processing would exceed worker.request-timeout=" + timeout + " before attempt " + attempt + " ("
                + elapsed().toMillis() + " ms spent; attempt " + (attempt - 1) + " failed with " + lastFailure + ")";
    }

    /** The reason of the ERROR answer of a request whose budget is spent, naming the setting and its value. */
    public String exceededMessage() {
        return "request processing exceeded worker.request-timeout=" + timeout + " (" + elapsed().toMillis() + " ms)";
    }
}
