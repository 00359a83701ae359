package io.camelworker.outcome;

/**
 * The request is given up without an answer, because the worker is stopping (or its channel closed): it stays
 * unacknowledged and the broker delivers it again. Steps and connectors throw it when a pause or a wait of theirs is
 * ended by the stop signal; the transport, which owns the acknowledgements, acts on it.
 */
public class RequestAbandonedException extends RuntimeException {

    public RequestAbandonedException(String message) {
        super(message);
    }
}
