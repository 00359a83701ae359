package io.camelworker.runtime;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Consumes the requests the REGARDS Worker Manager dispatches to one worker type and answers each with what the route
 * did: SUCCESS with the final body as content, INVALID_CONTENT or ERROR with the reason, or a dead letter after the
 * retries. The request is acknowledged once the broker has confirmed the answer.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = WorkerComponent.SCHEME, title = "REGARDS Worker",
        syntax = "regards-worker:workerType", consumerOnly = true, remote = true,
        category = {Category.MESSAGING, Category.WORKFLOW}, headersClass = WorkerHeaders.class)
public class WorkerEndpoint extends DefaultEndpoint {

    @UriPath(description = "The worker type: its requests come from queue regards.worker.TYPE.request (TYPE being"
            + " the worker type lower-cased) and its heartbeats say it is alive; 1 to 128 characters among a-z A-Z 0-9 _ . - (the manager's rule)."
            + " Setting worker.type overrides a property placeholder default such as {{worker.type:metadata-worker}}.")
    @Metadata(required = true)
    private final String workerType;
    private final WorkerRuntime runtime;

    WorkerEndpoint(String uri, WorkerComponent component, String workerType, WorkerRuntime runtime) {
        super(uri, component);
        this.workerType = workerType;
        this.runtime = runtime;
    }

    public String getWorkerType() {
        return workerType;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("'" + getEndpointUri() + "' only consumes requests; to submit a new request "
                + "to the manager use 'regards-request:<contentType>'");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        WorkerConsumer consumer = new WorkerConsumer(this, processor, runtime);
        configureConsumer(consumer);
        return consumer;
    }
}
