package io.camelworker.steps.metadata;

import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.protocol.TraceContext;
import org.apache.camel.Exchange;

import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Step {@code metadata:publish-update}: publishes the extracted properties (and geometry) as a
 * {@code FeatureUpdateRequestEvent} to the Feature Manager, waits for the broker's confirm, then for the Feature
 * Manager's answer ({@code worker.metadata.feature-manager-wait}, within {@code worker.metadata.feature-manager-timeout}):
 * GRANTED or SUCCESS lets the route go on, DENIED is INVALID_CONTENT with the Feature Manager's errors, ERROR is ERROR,
 * and no answer in time is an unexpected failure (retried, then dead-lettered). The body becomes the JSON that was sent
 * (the SUCCESS content), header {@code FeatureUpdateRequestId} its request id, also passed to a next workflow step as
 * additional header {@code featureUpdateRequestId}. Parameter {@code owner} overrides {@code worker.metadata.request-owner}.
 */
final class PublishUpdateStep extends MetadataStep {

    static final String NAME = "publish-update";

    private final String owner;

    PublishUpdateStep(MetadataEndpoint endpoint) {
        super(endpoint);
        this.owner = endpoint.getOwner();
    }

    @Override
    void checkOptions() {
        if (owner != null && (owner.isBlank() || owner.length() > 128)) {
            throw new IllegalArgumentException("metadata:" + NAME + " parameter owner must be 1 to 128 characters");
        }
    }

    @Override
    void start() {
        // Bound before the first update goes out, so that no answer is missed.
        component().answers().start();
    }

    @Override
    void process(Exchange exchange) throws InterruptedException {
        ProductUpdate update = ProductUpdate.of(exchange, component().reader());
        String tenant = exchange.getMessage().getHeader(MetadataHeaders.TENANT, String.class);
        if (tenant == null || tenant.isBlank()) {
            throw new ProcessingErrorException("header " + MetadataHeaders.TENANT + " is missing: the Feature Manager needs the tenant");
        }
        String requestId = UUID.randomUUID().toString();
        FeatureUpdatePublisher.Published published;
        // Registered before publishing: the answer may come back before the broker's confirm does.
        try (FeatureManagerAnswers.Wait wait = component().answers().register(requestId)) {
            published = component().publisher().publish(update, tenant, requestOwner(exchange), requestId,
                    TraceContext.from(exchange.getMessage().getHeaders()), component().stopSignal());
            judge(update.feature().urn(), requestId, wait);
        }
        exchange.getMessage().setBody(published.body());
        exchange.getMessage().setHeader(MetadataHeaders.FEATURE_UPDATE_REQUEST_ID, published.requestId());
        exchange.getMessage().setHeader(MetadataHeaders.ADDITIONAL_FEATURE_UPDATE_REQUEST_ID, published.requestId());
    }

    /** Turns the Feature Manager's answer into the request's outcome. */
    private void judge(String urn, String requestId, FeatureManagerAnswers.Wait wait) throws InterruptedException {
        MetadataProperties settings = component().properties();
        FeatureManagerAnswer answer;
        try {
            answer = wait.await(settings.getFeatureManagerTimeout());
        } catch (InterruptedException e) {
            // The request's time budget is spent: keep the flag for whoever interrupted the thread.
            Thread.currentThread().interrupt();
            throw e;
        } catch (TimeoutException e) {
            throw new FeatureManagerSilentException("the Feature Manager did not answer update " + requestId + " of " + urn
                    + " within worker.metadata.feature-manager-timeout (" + settings.getFeatureManagerTimeout() + ")"
                    + (wait.granted() ? ": it granted it but did not report it processed" : ": not even granted"));
        }
        String errors = answer.errors().isEmpty() ? "no reason given" : String.join("; ", answer.errors());
        switch (answer.state()) {
            case GRANTED, SUCCESS -> { }
            case DENIED -> throw new InvalidContentException("the Feature Manager denied update " + requestId + " of " + urn
                    + ": " + errors);
            case ERROR -> throw new ProcessingErrorException("the Feature Manager failed to apply update " + requestId + " of "
                    + urn + ": " + errors);
        }
    }

    /** No answer from the Feature Manager in time: an unexpected failure, retried, then dead-lettered. */
    static final class FeatureManagerSilentException extends RuntimeException {
        FeatureManagerSilentException(String message) {
            super(message);
        }
    }

    private String requestOwner(Exchange exchange) {
        if (owner != null) {
            return owner;
        }
        String configured = component().properties().getRequestOwner();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return exchange.getMessage().getHeader(MetadataHeaders.WORKER_TYPE, "metadata-worker", String.class);
    }
}
