package io.camelworker.camel;

/**
 * Camel headers the framework sets on a request exchange or reads from it, besides the request's own AMQP headers
 * ({@code regards.tenant}, {@code regards.request.id}...), which steps read as they are.
 */
public final class WorkerHeaders {

    /** The worker type whose queue the request came from. */
    public static final String WORKER_TYPE = "WorkerType";

    /**
     * Prefix of the headers that become the response's {@code additionalHeaders}: a step that sets
     * {@code WorkerAdditionalHeader.storage} adds {@code storage} to the next workflow step's request.
     */
    public static final String ADDITIONAL_HEADER_PREFIX = "WorkerAdditionalHeader.";

    /** Id of the request a {@code regards-request} endpoint submitted; set it beforehand to choose the id. */
    public static final String NEW_REQUEST_ID = "WorkerNewRequestId";

    private WorkerHeaders() {
    }
}
