package io.camelworker.tracing;

/**
 * The {@link StepSpanDecorator} of each component of this project, by its URI scheme (camel-telemetry finds them with
 * the {@link java.util.ServiceLoader}: one class each, listed in META-INF/services).
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

    /** The storage worker's steps. */
    public static final class Storage extends StepSpanDecorator {
        public Storage() {
            super("storage");
        }
    }

    /** The archive extraction worker's steps. */
    public static final class Archive extends StepSpanDecorator {
        public Archive() {
            super("archive");
        }
    }

    /** The delete-files worker's step. */
    public static final class Files extends StepSpanDecorator {
        public Files() {
            super("files");
        }
    }

    /** The metadata worker's steps. */
    public static final class Metadata extends StepSpanDecorator {
        public Metadata() {
            super("metadata");
        }
    }
}
