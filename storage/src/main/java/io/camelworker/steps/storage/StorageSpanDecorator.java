package io.camelworker.steps.storage;

import io.camelworker.tracing.StepSpanDecorator;

/**
 * Names the spans of the {@code storage:} steps by the step (storage:transfer rather than a generated id);
 * camel-telemetry finds it in META-INF/services.
 */
public final class StorageSpanDecorator extends StepSpanDecorator {

    public StorageSpanDecorator() {
        super("storage");
    }
}
