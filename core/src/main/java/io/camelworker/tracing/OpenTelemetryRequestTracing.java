package io.camelworker.tracing;

import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.protocol.RequestContext;
import io.camelworker.protocol.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Request spans made with OpenTelemetry: one CONSUMER span per request, named {@code process <queue>} as the messaging
 * conventions name the processing of a message, child of the span the request's {@code traceparent} names. The
 * request's W3C context is read and written with the W3C propagator alone, whatever else is configured: the protocol
 * carries {@code traceparent} and {@code tracestate} only.
 */
public final class OpenTelemetryRequestTracing implements RequestTracing {

    /** Attribute of the request span: the worker type that processed it. */
    public static final String WORKER_TYPE = "regards.worker.type";
    /** Attribute of the request span: its outcome ({@code success}, {@code invalid_content}, {@code error}, {@code dead_letter}...). */
    public static final String OUTCOME = "regards.worker.outcome";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private final Tracer tracer;

    public OpenTelemetryRequestTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public RequestSpan start(String workerType, String queue, RequestContext request) {
        Context parent = request.trace().isPresent() ? W3C.extract(Context.root(), request.trace(), TraceContextGetter.INSTANCE)
                : Context.root();
        Span span = tracer.spanBuilder("process " + queue).setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setAttribute("messaging.system", "rabbitmq")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", queue)
                .setAttribute(WORKER_TYPE, workerType)
                .setAttribute(RegardsHeaders.TENANT, String.valueOf(request.tenant()))
                .setAttribute(RegardsHeaders.REQUEST_ID, String.valueOf(request.requestId()))
                .startSpan();
        Map<String, Object> headers = new HashMap<>(4);
        W3C.inject(Context.root().with(span), headers, (carrier, key, value) -> carrier.put(key, value));
        return new OpenTelemetrySpan(span, TraceContext.from(headers));
    }

    @Override
    public boolean isOn() {
        return true;
    }

    private record OpenTelemetrySpan(Span span, TraceContext trace) implements RequestSpan {

        @Override
        public void answered(String outcome, boolean failed) {
            span.setAttribute(OUTCOME, outcome);
            if (failed) {
                span.setStatus(StatusCode.ERROR, outcome);
            }
        }

        @Override
        public void end(Throwable failure) {
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, "answer not published: " + failure.getMessage());
            }
            span.end();
        }
    }

    /** Reads the validated {@code traceparent} and {@code tracestate} of a request. */
    private enum TraceContextGetter implements TextMapGetter<TraceContext> {
        INSTANCE;

        @Override
        public Iterable<String> keys(TraceContext carrier) {
            List<String> keys = new ArrayList<>(2);
            keys.add(TraceContext.TRACEPARENT);
            if (carrier.tracestate() != null) {
                keys.add(TraceContext.TRACESTATE);
            }
            return keys;
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return switch (key) {
                case TraceContext.TRACEPARENT -> carrier.traceparent();
                case TraceContext.TRACESTATE -> carrier.tracestate();
                default -> null;
            };
        }
    }
}
