package io.camelworker.transport;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The requests under way in this process, by worker type, for health and metrics. */
public final class RequestActivity {

    private final Map<String, RequestsInFlight> byType = new ConcurrentHashMap<>();

    /** The in-flight requests of a type starting to consume; replaces those of an earlier start of the same type. */
    public RequestsInFlight register(String workerType, int consumers, Duration timeout, double slowFraction) {
        RequestsInFlight requests = new RequestsInFlight(workerType, consumers, timeout, slowFraction);
        byType.put(workerType, requests);
        return requests;
    }

    public Collection<RequestsInFlight> types() {
        return List.copyOf(byType.values());
    }
}
