package io.camelworker.outcome;

/**
 * Thrown by a step when the processing failed for a known reason (a checksum mismatch, a missing source): the worker
 * answers {@code ERROR} with this message, at once and without retry.
 *
 * <p>Any other exception is treated as unexpected: the request is retried with backoff, then dead-lettered.
 */
public class ProcessingErrorException extends RuntimeException {

    public ProcessingErrorException(String message) {
        super(message);
    }

    public ProcessingErrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
