package io.camelworker.tracing;

import io.camelworker.protocol.RequestContext;

/**
 * Makes the span of each request the worker processes, when tracing is on ({@code worker.tracing.enabled}); {@link #OFF}
 * makes none and costs nothing.
 */
public interface RequestTracing {

    /** No spans: the publications of a request carry its trace context as it came. */
    RequestTracing OFF = new RequestTracing() {
        @Override
        public RequestSpan start(String workerType, String queue, RequestContext request) {
            return RequestSpan.NONE;
        }

        @Override
        public boolean isOn() {
            return false;
        }
    };

    /**
     * Starts the span of a request just received from {@code queue}, as a child of the span its {@code traceparent}
     * names (a new trace when it has none).
     */
    RequestSpan start(String workerType, String queue, RequestContext request);

    /** Whether spans are made. */
    boolean isOn();
}
