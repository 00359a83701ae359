package io.camelworker.outcome;

import com.fasterxml.jackson.core.JacksonException;
import io.camelworker.protocol.WorkerResponse;
import jakarta.validation.ConstraintViolationException;

import java.util.Objects;

/** Maps the exception a request's processing ended with to the answer the manager gets. */
public final class OutcomeMapping {

    private OutcomeMapping() {
    }

    /**
     * Looks through the cause chain (Camel wraps step exceptions) for an exception with a known meaning: invalid input
     * becomes INVALID_CONTENT, a known processing failure ERROR, anything else an unexpected failure.
     */
    public static Outcome ofException(Throwable thrown) {
        return Causes.stream(thrown).map(OutcomeMapping::answer).filter(Objects::nonNull).findFirst()
                .orElseGet(() -> new Outcome.Failure(thrown));
    }

    /** The answer an exception of a known meaning gets, or null. */
    private static Outcome answer(Throwable t) {
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
        return null;
    }
}
