package io.camelworker.steps.files;

import io.camelworker.tracing.StepSpanDecorator;

/**
 * Names the spans of the {@code files:} steps by the step (files:delete rather than a generated id);
 * camel-telemetry finds it in META-INF/services.
 */
public final class FilesSpanDecorator extends StepSpanDecorator {

    public FilesSpanDecorator() {
        super("files");
    }
}
