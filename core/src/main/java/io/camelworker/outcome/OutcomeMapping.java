package io.camelworker.outcome;

import com.fasterxml.jackson.core.JacksonException;
import io.camelworker.protocol.WorkerResponse;
import jakarta.validation.ConstraintViolationException;

/** Maps the exception a request's processing ended with to the answer the manager gets. */
public final class OutcomeMapping {

    private OutcomeMapping() {
    }

    /**
     * Looks through the cause chain (Camel wraps step exceptions) for an exception with a known meaning: invalid input
     * becomes INVALID_CONTENT, a known processing failure ERROR, anything else an unexpected failure.
     */
    public static Outcome ofException(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidContentException) {
                return new Outcome.Answer(WorkerResponse.invalidContent(t.getMessage()));
            }
            if (t instanceof ProcessingErrorException) {
                return new Outcome.Answer(WorkerResponse.error(t.getMessage()));
            }
            if (t instanceof JacksonException json) {
                return new Outcome.Answer(WorkerResponse.invalidContent("request body is not valid: " + json.getOriginalMessage()));
            }
            if (t instanceof ConstraintViolationException violations) {
                return new Outcome.Answer(WorkerResponse.invalidContent(violations.getMessage()));
            }
        }
        return new Outcome.Failure(thrown);
    }
}
