package io.camelworker.camel;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** The requests of one worker type; consume only. */
public class WorkerEndpoint extends DefaultEndpoint {

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
