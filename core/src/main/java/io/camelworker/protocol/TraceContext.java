package io.camelworker.protocol;

import java.util.Map;

/**
 * The W3C Trace Context (https://www.w3.org/TR/trace-context/) a request carries in its {@code traceparent} and
 * {@code tracestate} AMQP headers, passed on to everything the worker publishes for it.
 *
 * <p>A {@code traceparent} that is not {@code version-traceid-parentid-flags} in lower-case hex (trace id and parent id
 * not all zeros, version not {@code ff}) is ignored, and so is then {@code tracestate}, as the recommendation asks: a
 * broken context is never passed on. A {@code tracestate} that is not printable ASCII, longer than
 * {@value #MAX_TRACESTATE_CHARS} characters or of more than {@value #MAX_TRACESTATE_MEMBERS} list members is dropped
 * alone (the recommendation lets a vendor discard one it cannot pass on whole).
 *
 * @param traceparent the validated {@code traceparent}, or null when the request had none (or an invalid one)
 * @param tracestate  the {@code tracestate} that goes with it, or null
 */
public record TraceContext(String traceparent, String tracestate) {

    /** AMQP header of the trace and the caller's span (W3C Trace Context §3.2). */
    public static final String TRACEPARENT = "traceparent";
    /** AMQP header of the tracing systems' own state (W3C Trace Context §3.3). */
    public static final String TRACESTATE = "tracestate";
    /** No trace context: nothing is added to the publications. */
    public static final TraceContext NONE = new TraceContext(null, null);

    /** A longer {@code tracestate} is dropped: the recommendation asks vendors to pass on at least 512 characters. */
    static final int MAX_TRACESTATE_CHARS = 512;
    /** The recommendation's bound on the list members of a {@code tracestate}. */
    static final int MAX_TRACESTATE_MEMBERS = 32;

    /** Length of a version-00 {@code traceparent}: 2 + 1 + 32 + 1 + 16 + 1 + 2. */
    private static final int TRACEPARENT_LENGTH = 55;
    private static final String ZERO_TRACE_ID = "0".repeat(32);
    private static final String ZERO_PARENT_ID = "0".repeat(16);

    /** Reads the trace context of AMQP (or Camel) headers; {@link #NONE} when there is no valid {@code traceparent}. */
    public static TraceContext from(Map<String, ?> headers) {
        String traceparent = RequestContext.text(headers, TRACEPARENT);
        if (!isValidTraceparent(traceparent)) {
            return NONE;
        }
        String tracestate = RequestContext.text(headers, TRACESTATE);
        return new TraceContext(traceparent, isValidTracestate(tracestate) ? tracestate : null);
    }

    public boolean isPresent() {
        return traceparent != null;
    }

    /** The 32 hex digits of the trace id, or null. */
    public String traceId() {
        return traceparent == null ? null : traceparent.substring(3, 35);
    }

    /** The 16 hex digits of the span that sent the request (the parent id), or null. */
    public String parentId() {
        return traceparent == null ? null : traceparent.substring(36, 52);
    }

    /** Adds the headers of this context (none when absent) to those of a message to publish. */
    public void addTo(Map<String, Object> headers) {
        if (traceparent != null) {
            headers.put(TRACEPARENT, traceparent);
        }
        if (tracestate != null) {
            headers.put(TRACESTATE, tracestate);
        }
    }

    /**
     * Whether {@code value} is a {@code traceparent} of the recommendation: version 00 exactly as long as defined; a
     * later version at least as long, whatever follows a dash after the flags (§3.2.4, versioning).
     */
    static boolean isValidTraceparent(String value) {
        if (value == null || value.length() < TRACEPARENT_LENGTH) {
            return false;
        }
        String version = value.substring(0, 2);
        if (!isLowerHex(version) || version.equals("ff")) {
            return false;
        }
        if (version.equals("00") ? value.length() != TRACEPARENT_LENGTH
                : value.length() > TRACEPARENT_LENGTH && value.charAt(TRACEPARENT_LENGTH) != '-') {
            return false;
        }
        if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
            return false;
        }
        String traceId = value.substring(3, 35);
        String parentId = value.substring(36, 52);
        return isLowerHex(traceId) && !traceId.equals(ZERO_TRACE_ID) && isLowerHex(parentId) && !parentId.equals(ZERO_PARENT_ID)
                && isLowerHex(value.substring(53, 55)) && printable(value);
    }

    private static boolean isValidTracestate(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_TRACESTATE_CHARS || !printable(value)) {
            return false;
        }
        return value.split(",", -1).length <= MAX_TRACESTATE_MEMBERS;
    }

    private static boolean isLowerHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
