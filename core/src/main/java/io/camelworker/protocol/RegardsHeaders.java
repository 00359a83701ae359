package io.camelworker.protocol;

/** AMQP header names of the REGARDS Worker Manager protocol (protocol spec §2, §3, §7). */
public final class RegardsHeaders {

    /** Tenant (project) of the request; required on every response, heartbeat and dead letter. */
    public static final String TENANT = "regards.tenant";
    /** Request id: the correlation key, the same across retries and workflow steps. */
    public static final String REQUEST_ID = "regards.request.id";
    /** Who submitted the request. */
    public static final String REQUEST_OWNER = "regards.request.owner";
    /** Session of the request. */
    public static final String REQUEST_SESSION = "regards.request.session";
    /** Content type of the original request (the workflow type in a workflow). */
    public static final String REQUEST_CONTENT_TYPE = "regards.request.content_type";
    /** Stack trace the Worker Manager reads from a dead-lettered request. */
    public static final String EXCEPTION_STACKTRACE = "x-exception-stacktrace";

    private RegardsHeaders() {
    }
}
