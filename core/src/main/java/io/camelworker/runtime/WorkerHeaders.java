package io.camelworker.runtime;

import io.camelworker.protocol.RegardsHeaders;
import org.apache.camel.spi.Metadata;

/**
 * Camel headers of the {@code regards-worker} and {@code regards-request} components: what a request exchange carries
 * (the request's own AMQP headers, which steps read as they are, and the worker type) and what a route sets for the
 * framework to use. The Camel tooling documents each constant in the components' metadata.
 */
public final class WorkerHeaders {

    @Metadata(label = "consumer", description = "The worker type whose queue the request came from.",
            javaType = "String", applicableFor = WorkerComponent.SCHEME)
    public static final String WORKER_TYPE = "WorkerType";

    @Metadata(description = "Tenant (project) of the request, as the manager sent it. A new request is submitted in"
            + " the same tenant.", javaType = "String", important = true)
    public static final String TENANT = RegardsHeaders.TENANT;

    @Metadata(description = "Id of the request, the same across retries and workflow steps. A new request's id is"
            + " derived from it, so that a redelivered request submits the same ids again.", javaType = "String",
            important = true)
    public static final String REQUEST_ID = RegardsHeaders.REQUEST_ID;

    @Metadata(description = "Who submitted the request; the owner of a new request unless its endpoint option owner"
            + " is set.", javaType = "String")
    public static final String REQUEST_OWNER = RegardsHeaders.REQUEST_OWNER;

    @Metadata(description = "Session of the request; the session of a new request unless its endpoint option session"
            + " is set.", javaType = "String")
    public static final String REQUEST_SESSION = RegardsHeaders.REQUEST_SESSION;

    @Metadata(label = "consumer", description = "Content type of the original request (the workflow type in a"
            + " workflow).", javaType = "String", applicableFor = WorkerComponent.SCHEME)
    public static final String REQUEST_CONTENT_TYPE = RegardsHeaders.REQUEST_CONTENT_TYPE;

    @Metadata(label = "consumer", description = "Prefix of the headers that become the SUCCESS response's"
            + " additionalHeaders: a route that sets WorkerAdditionalHeader.storage adds storage to the request of the"
            + " workflow's next step (keys starting with regards. are refused).", javaType = "String",
            applicableFor = WorkerComponent.SCHEME)
    public static final String ADDITIONAL_HEADER_PREFIX = "WorkerAdditionalHeader.";

    @Metadata(label = "producer", description = "Id of the request the endpoint submitted, set afterwards; set it"
            + " beforehand to choose the id.", javaType = "String", applicableFor = NewRequestComponent.SCHEME)
    public static final String NEW_REQUEST_ID = "WorkerNewRequestId";

    private WorkerHeaders() {
    }
}
