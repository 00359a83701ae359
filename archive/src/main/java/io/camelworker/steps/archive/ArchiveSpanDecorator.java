package io.camelworker.steps.archive;

import io.camelworker.tracing.StepSpanDecorator;

/**
 * Names the spans of the {@code archive:} steps by the step (archive:extract rather than a generated id);
 * camel-telemetry finds it in META-INF/services.
 */
public final class ArchiveSpanDecorator extends StepSpanDecorator {

    public ArchiveSpanDecorator() {
        super("archive");
    }
}
