package io.camelworker.steps.metadata;

import io.camelworker.camel.WorkerHeaders;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.protocol.RegardsHeaders;
import org.apache.camel.Exchange;

/**
 * Step {@code metadata:publish-update}: publishes the extracted properties (and geometry) as a
 * {@code FeatureUpdateRequestEvent} to the Feature Manager and waits for the broker's confirm. The body becomes the
 * JSON that was sent (the SUCCESS content), header {@code FeatureUpdateRequestId} its request id, also passed to a next
 * workflow step as additional header {@code featureUpdateRequestId}. Parameter {@code owner} overrides
 * {@code worker.metadata.request-owner}.
 */
public class PublishUpdateEndpoint extends MetadataEndpoint {

    static final String NAME = "publish-update";

    /** Camel header: the request id of the update sent. */
    public static final String REQUEST_ID_HEADER = "FeatureUpdateRequestId";

    /** {@code regards.request.owner} of the update; default worker.metadata.request-owner, else the worker type. */
    private String owner;

    PublishUpdateEndpoint(String uri, MetadataComponent component) {
        super(uri, component);
    }

    public String getOwner() { return owner; }
    public void setOwner(String owner) { this.owner = owner; }

    @Override
    void checkParameters() {
        if (owner != null && (owner.isBlank() || owner.length() > 128)) {
            throw new IllegalArgumentException("metadata:" + NAME + " parameter owner must be 1 to 128 characters");
        }
    }

    @Override
    void process(Exchange exchange) {
        ProductUpdate update = ProductUpdate.of(exchange, getComponent().reader());
        String tenant = exchange.getMessage().getHeader(RegardsHeaders.TENANT, String.class);
        if (tenant == null || tenant.isBlank()) {
            throw new ProcessingErrorException("header " + RegardsHeaders.TENANT + " is missing: the Feature Manager needs the tenant");
        }
        FeatureUpdatePublisher.Published published = getComponent().publisher().publish(update, tenant,
                requestOwner(exchange), getComponent().stopSignal());
        exchange.getMessage().setBody(published.body());
        exchange.getMessage().setHeader(REQUEST_ID_HEADER, published.requestId());
        exchange.getMessage().setHeader(WorkerHeaders.ADDITIONAL_HEADER_PREFIX + "featureUpdateRequestId", published.requestId());
    }

    private String requestOwner(Exchange exchange) {
        if (owner != null) {
            return owner;
        }
        String configured = getComponent().properties().getRequestOwner();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return exchange.getMessage().getHeader(WorkerHeaders.WORKER_TYPE, "metadata-worker", String.class);
    }
}
