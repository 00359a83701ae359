package io.camelworker.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.telemetry.Span;
import org.apache.camel.telemetry.TagConstants;
import org.apache.camel.telemetry.decorators.AbstractSpanDecorator;

/**
 * Names Camel's span of a step of this project by the step, as the route author wrote it ({@code storage:transfer},
 * {@code files:delete}), the span of a route by the route's id, and gives each the step's outcome: status {@code OK}, or
 * {@code ERROR} with the exception's message.
 *
 * <p>One subclass per component ({@link StepSpanDecorators}), because camel-telemetry looks its decorators up by URI
 * scheme, from {@code META-INF/services/org.apache.camel.telemetry.SpanDecorator}. A step is an endpoint, so its span is
 * the one Camel makes for each exchange sent to an endpoint; Camel's per-processor spans, named by generated ids
 * ({@code to1-to}), are left off ({@code camel.opentelemetry2.trace-processors: false} in application.yml).
 */
public abstract class StepSpanDecorator extends AbstractSpanDecorator {

    private static final AttributeKey<String> EXCHANGE_ID = AttributeKey.stringKey(TagConstants.EXCHANGE_ID);
    private static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey(TagConstants.URL_SCHEME);

    private final String scheme;

    protected StepSpanDecorator(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public String getComponent() {
        return scheme;
    }

    /** Not looked up by class: the scheme always matches first. */
    @Override
    public String getComponentClassName() {
        return null;
    }

    /** The route's id for the endpoint it consumes from, else the step: scheme and path, without its options. */
    @Override
    public String getOperationName(Exchange exchange, Endpoint endpoint) {
        if (endpoint == exchange.getFromEndpoint() && exchange.getFromRouteId() != null) {
            return exchange.getFromRouteId();
        }
        return clipMaxLength(scheme + ":" + stripSchemeAndOptions(endpoint));
    }

    @Override
    public void afterTracingEvent(Span span, Exchange exchange) {
        // Camel's: a failed exchange is ERROR, with an "error" event holding the exception's message.
        super.afterTracingEvent(span, exchange);
        if (!exchange.isFailed()) {
            span.setError(false);
        } else if (exchange.getException() != null && exchange.getException().getMessage() != null) {
            describeError(exchange, exchange.getException().getMessage());
        }
    }

    /**
     * Puts the message in the ERROR status too, where trace viewers show it. Camel's span interface sets no status
     * description, so this goes to the OpenTelemetry span itself: the current one, which Camel made current when the
     * step began and ends right after this call. A step runs on one thread (its producer is synchronous); the checks
     * make sure the current span is this step's (same exchange, same component, still open) and skip it otherwise.
     */
    private void describeError(Exchange exchange, String message) {
        if (io.opentelemetry.api.trace.Span.current() instanceof ReadWriteSpan current && !current.hasEnded()
                && exchange.getExchangeId().equals(current.getAttribute(EXCHANGE_ID))
                && scheme.equals(current.getAttribute(URL_SCHEME))) {
            current.setStatus(StatusCode.ERROR, message);
        }
    }
}
