package io.camelworker.transport;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests of one worker type under way in this process, and its stuck ones: requests whose route outlived
 * {@code worker.request-timeout} and its grace, left running on a thread of their own (blocked in a call that ignores
 * interruption).
 */
public final class RequestsInFlight {

    private final String workerType;
    private final int consumers;
    private final Duration timeout;
    private final double slowFraction;
    private final Set<RequestBudget> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger stuck = new AtomicInteger();

    public RequestsInFlight(String workerType, int consumers, Duration timeout, double slowFraction) {
        this.workerType = workerType;
        this.consumers = consumers;
        this.timeout = timeout;
        this.slowFraction = slowFraction;
    }

    /** Starts the budget of a request; {@link #finished} must follow. */
    public RequestBudget started(String requestId) {
        RequestBudget budget = new RequestBudget(requestId, timeout, slowFraction);
        running.add(budget);
        return budget;
    }

    public void finished(RequestBudget budget) {
        running.remove(budget);
    }

    /** Counts a route left running past its budget, until {@link #stuckRouteEnded()}. */
    public void stuckRouteAbandoned() {
        stuck.incrementAndGet();
    }

    public void stuckRouteEnded() {
        stuck.decrementAndGet();
    }

    public String workerType() {
        return workerType;
    }

    public int consumers() {
        return consumers;
    }

    public int count() {
        return running.size();
    }

    public int stuck() {
        return stuck.get();
    }

    /** Age of the oldest request under way, zero when there is none. */
    public Duration oldest() {
        return running.stream().map(RequestBudget::elapsed).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * Whether as many routes are stuck as the type has consumers: each consumer went on with the next request, but
     * whatever blocked them (a hung mount, a peer that never answers) is likely to block the next ones too, and the
     * abandoned threads hold memory and file handles until they end.
     */
    public boolean allConsumersStuck() {
        return stuck.get() >= consumers;
    }
}
