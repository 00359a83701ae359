package io.camelworker.steps.metadata;

import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/** A step of the {@code metadata} component: its parameters are the endpoint's, checked when the route starts. */
public abstract class MetadataEndpoint extends DefaultEndpoint {

    protected MetadataEndpoint(String uri, MetadataComponent component) {
        super(uri, component);
    }

    @Override
    public MetadataComponent getComponent() {
        return (MetadataComponent) super.getComponent();
    }

    /** Checks the parameters; an {@link IllegalArgumentException} naming the parameter stops the route from starting. */
    abstract void checkParameters();

    /** Does the step on one request. */
    abstract void process(Exchange exchange) throws Exception;

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                MetadataEndpoint.this.process(exchange);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("'" + getEndpointUri() + "' is a step: use it with 'to', not 'from'");
    }
}
