package io.camelworker.protocol;

import java.util.Map;

/**
 * The REGARDS headers of one request, read once when it arrives.
 *
 * @param tenant      {@code regards.tenant}
 * @param requestId   {@code regards.request.id}
 * @param owner       {@code regards.request.owner}, may be null
 * @param session     {@code regards.request.session}, may be null
 * @param contentType {@code regards.request.content_type}, may be null
 */
public record RequestContext(String tenant, String requestId, String owner, String session, String contentType) {

    /** Reads the context from AMQP headers; values may be any type the client sent (String, LongString...). */
    public static RequestContext from(Map<String, Object> headers) {
        return new RequestContext(text(headers, RegardsHeaders.TENANT), text(headers, RegardsHeaders.REQUEST_ID),
                text(headers, RegardsHeaders.REQUEST_OWNER), text(headers, RegardsHeaders.REQUEST_SESSION),
                text(headers, RegardsHeaders.REQUEST_CONTENT_TYPE));
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

    private static String text(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }
}
