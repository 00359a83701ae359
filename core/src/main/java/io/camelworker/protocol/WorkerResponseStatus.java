package io.camelworker.protocol;

/** The only statuses the Worker Manager understands in a worker response; any other value fails its whole batch. */
public enum WorkerResponseStatus {
    /** Processing has started; the client is not notified. */
    RUNNING,
    /** The request cannot be processed as it is; retrying it unchanged will not help. */
    INVALID_CONTENT,
    /** The request was processed; {@code content} feeds the next workflow step or the client. */
    SUCCESS,
    /** The processing failed for a known reason. */
    ERROR
}
