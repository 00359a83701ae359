package io.camelworker.steps.archive;

import io.camelworker.protocol.RegardsHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Whose extractions a directory of the workspace holds: a request of a tenant. Request ids are unique per tenant only,
 * so both name the directory: two tenants' requests of the same id never share (or delete) each other's files.
 */
public record WorkspaceKey(String tenant, String requestId) {

    /** The key of the request an exchange carries ({@code regards.tenant}, {@code regards.request.id}, else the exchange id). */
    public static WorkspaceKey of(Exchange exchange) {
        Message message = exchange.getMessage();
        return new WorkspaceKey(message.getHeader(RegardsHeaders.TENANT, String.class),
                message.getHeader(RegardsHeaders.REQUEST_ID, exchange.getExchangeId(), String.class));
    }
}
