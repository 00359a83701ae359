package io.camelworker.steps.metadata;

import io.camelworker.tracing.StepSpanDecorator;

/**
 * Names the spans of the {@code metadata:} steps by the step (metadata:image rather than a generated id);
 * camel-telemetry finds it in META-INF/services.
 */
public final class MetadataSpanDecorator extends StepSpanDecorator {

    public MetadataSpanDecorator() {
        super("metadata");
    }
}
