package io.camelworker.outcome;

import io.camelworker.protocol.WorkerResponse;

/** What processing one request came to: an answer for the manager, or an unexpected failure to retry. */
public sealed interface Outcome {

    /** The request is answered with this response. */
    record Answer(WorkerResponse response) implements Outcome {
    }

    /** The processing failed unexpectedly; the request is retried, then dead-lettered with this cause. */
    record Failure(Throwable cause) implements Outcome {
    }
}
