package io.camelworker.transport;

/** A confirmed publication was given up because the consumer is stopping; the request stays unacknowledged. */
public class PublishAbortedException extends RuntimeException {

    public PublishAbortedException(String message) {
        super(message);
    }
}
