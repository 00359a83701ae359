package io.camelworker.transport;

import io.camelworker.outcome.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The time one request may take, from its first attempt to its answer ({@code worker.request-timeout}), the warning
 * logged once when it has used {@code worker.slow-request-warning} of it, and who answers the request when its route
 * outlives the time and the grace: the thread that abandons the route, or the consumer thread if it ended first.
 */
public final class RequestBudget {

    private static final Logger LOG = LoggerFactory.getLogger(RequestBudget.class);

    private final String requestId;
    private final Duration timeout;
    private final Duration slowAfter;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicBoolean answerClaimed = new AtomicBoolean();
    private volatile Consumer<Outcome> onAbandoned = answer -> { };

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

    /** Who answers the request when its route is abandoned; given before the route runs. */
    public void onAbandoned(Consumer<Outcome> answerer) {
        this.onAbandoned = answerer;
    }

    /**
     * Claims the answer of the request for the calling thread: true for the first caller only, who alone may answer and
     * settle it.
     */
    public boolean claimAnswer() {
        return answerClaimed.compareAndSet(false, true);
    }

    /**
     * The route of the request did not stop within the grace and is left running: {@code answer} is given by the
     * calling thread, unless the consumer thread claimed the answer first.
     */
    public void abandon(Outcome answer) {
        if (claimAnswer()) {
            onAbandoned.accept(answer);
        }
    }

    /** The reason of the ERROR answer of a request whose budget is spent, naming the setting and its value. */
    public String exceededMessage() {
        return "request processing exceeded worker.request-timeout=" + timeout + " (" + elapsed().toMillis() + " ms)";
    }
}
