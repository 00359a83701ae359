package io.camelworker.tracing;

/**
 * The {@link StepSpanDecorator}s of the core's components, by their URI scheme (camel-telemetry finds them with the
 * {@link java.util.ServiceLoader}: one class each, listed in META-INF/services); each step module lists its own.
 */
public final class StepSpanDecorators {

    private StepSpanDecorators() {
    }

    /** The route, from the requests of a worker type. */
    public static final class Worker extends StepSpanDecorator {
        public Worker() {
            super("regards-worker");
        }
    }

    /** New requests submitted by a route. */
    public static final class NewRequest extends StepSpanDecorator {
        public NewRequest() {
            super("regards-request");
        }
    }
}
