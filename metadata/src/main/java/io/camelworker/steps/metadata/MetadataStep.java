package io.camelworker.steps.metadata;

import org.apache.camel.Exchange;

/** What one {@code metadata:<step>} endpoint does: its options checked when the route starts, then run on each request. */
abstract class MetadataStep {

    protected final MetadataEndpoint endpoint;

    MetadataStep(MetadataEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    MetadataComponent component() {
        return endpoint.getComponent();
    }

    /** The step's name in messages, e.g. {@code metadata:geospatial}. */
    String stepName() {
        return MetadataComponent.SCHEME + ":" + endpoint.getStep();
    }

    /** Checks the options; an {@link IllegalArgumentException} naming the option stops the route from starting. */
    abstract void checkOptions();

    /** Called once when the endpoint starts, before the first request. */
    void start() {
    }

    /** Does the step on one request. */
    abstract void process(Exchange exchange) throws Exception;
}
