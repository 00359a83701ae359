package io.camelworker.transport;

import io.camelworker.outcome.RequestAbandonedException;

/** A confirmed publication was given up because the consumer is stopping; the request stays unacknowledged. */
public class PublishAbortedException extends RequestAbandonedException {

    public PublishAbortedException(String message) {
        super(message);
    }
}
