package io.camelworker.outcome;

/**
 * Thrown by a step when the request cannot be processed as it is: the worker answers {@code INVALID_CONTENT} with this
 * message, at once and without retry. The message names the field and the rule it breaks.
 */
public class InvalidContentException extends RuntimeException {

    public InvalidContentException(String message) {
        super(message);
    }

    public InvalidContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
