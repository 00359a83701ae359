package io.camelworker.protocol;

import com.rabbitmq.client.LongString;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The REGARDS headers of one request, read once when it arrives.
 *
 * @param tenant      {@code regards.tenant}
 * @param requestId   {@code regards.request.id}
 * @param owner       {@code regards.request.owner}, may be null
 * @param session     {@code regards.request.session}, may be null
 * @param contentType {@code regards.request.content_type}, may be null
 * @param trace       the W3C trace context ({@code traceparent}, {@code tracestate}), {@link TraceContext#NONE} when absent
 */
public record RequestContext(String tenant, String requestId, String owner, String session, String contentType,
                             TraceContext trace) {

    /** Prefix of the headers of the REGARDS protocol, all of which REGARDS writes as strings. */
    public static final String REGARDS_HEADER_PREFIX = "regards.";

    /**
     * Reads the context from AMQP headers as REGARDS writes them: a string (or the client's LongString) as it is, a byte
     * array decoded as UTF-8. A value of any other type reads as absent; {@link #invalidHeader} tells which.
     */
    public static RequestContext from(Map<String, Object> headers) {
        return new RequestContext(text(headers, RegardsHeaders.TENANT), text(headers, RegardsHeaders.REQUEST_ID),
                text(headers, RegardsHeaders.REQUEST_OWNER), text(headers, RegardsHeaders.REQUEST_SESSION),
                text(headers, RegardsHeaders.REQUEST_CONTENT_TYPE), TraceContext.from(headers));
    }

    public RequestContext {
        trace = trace == null ? TraceContext.NONE : trace;
    }

    /** The same request in another trace context: that of the worker's span, when tracing is on. */
    public RequestContext withTrace(TraceContext otherTrace) {
        return new RequestContext(tenant, requestId, owner, session, contentType, otherTrace);
    }

    /** Names the first header the manager requires on an answer that this request lacks, or null when answerable. */
    public String missingRequiredHeader() {
        if (tenant == null || tenant.isBlank()) {
            return RegardsHeaders.TENANT;
        }
        if (requestId == null || requestId.isBlank()) {
            return RegardsHeaders.REQUEST_ID;
        }
        return null;
    }

    /**
     * Describes the first {@code regards.*} header whose value is not text (a table, a number...), or answers null when
     * they all are: such a request was not written by REGARDS and is refused naming the header.
     */
    public static String invalidHeader(Map<String, Object> headers) {
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            Object value = header.getValue();
            if (header.getKey().startsWith(REGARDS_HEADER_PREFIX) && value != null && !isText(value)) {
                return "header '" + header.getKey() + "' is " + typeName(value) + ", expected a string";
            }
        }
        return null;
    }

    /** A header as text, as {@link #from} reads it; null when absent or not text. */
    static String text(Map<String, ?> headers, String name) {
        Object value = headers.get(name);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value != null && isText(value) ? value.toString() : null;
    }

    private static boolean isText(Object value) {
        return value instanceof CharSequence || value instanceof LongString || value instanceof byte[];
    }

    private static String typeName(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a table";
        }
        if (value instanceof List<?> || value.getClass().isArray()) {
            return "an array";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof java.util.Date) {
            return "a timestamp";
        }
        return "of type " + value.getClass().getSimpleName();
    }
}
