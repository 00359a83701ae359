package io.camelworker.steps;

import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/** The endpoint of a step: used with {@code to}, it does {@link #process} to each exchange; it cannot be consumed. */
public abstract class StepEndpoint extends DefaultEndpoint {

    protected StepEndpoint(String uri, Component component) {
        super(uri, component);
    }

    /** What the step does to the exchange. */
    protected abstract void process(Exchange exchange) throws Exception;

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                StepEndpoint.this.process(exchange);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("'" + getEndpointUri() + "' is a step: use it with 'to', not 'from'");
    }
}
