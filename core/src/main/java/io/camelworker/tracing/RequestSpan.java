package io.camelworker.tracing;

import io.camelworker.protocol.TraceContext;

/** The span of one request, from its delivery until its answer (or dead letter) is taken by the broker. */
public interface RequestSpan {

    /** No span (tracing off): nothing is recorded, and the request's own trace context is published as it came. */
    RequestSpan NONE = new RequestSpan() {
        @Override
        public TraceContext trace() {
            return null;
        }

        @Override
        public void answered(String outcome, boolean failed) {
            // no span
        }

        @Override
        public void end(Throwable failure) {
            // no span
        }
    };

    /**
     * The trace context naming this span, to put on everything published for the request (answers, dead letter, the
     * route's exchange and so its new requests); null without a span.
     */
    TraceContext trace();

    /** Records the request's outcome ({@code success}, {@code error}, {@code dead_letter}...); failed sets the ERROR status. */
    void answered(String outcome, boolean failed);

    /** Ends the span; {@code failure} (may be null) when the answer could not be published. Called once. */
    void end(Throwable failure);
}
