package io.camelworker.runtime;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * The {@code regards-request} component: {@code to: regards-request:<contentType>} submits the body as a brand-new
 * request to the Worker Manager, which dispatches it to the worker type that takes that content type.
 * Registered as a Spring bean named after its scheme, with the application's {@link WorkerRuntime}.
 */
@Component(NewRequestComponent.SCHEME)
public class NewRequestComponent extends DefaultComponent {

    /** The name the component is registered under. */
    public static final String SCHEME = "regards-request";

    private final WorkerRuntime runtime;

    public NewRequestComponent(WorkerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining.isBlank()) {
            throw new IllegalArgumentException("endpoint '" + uri + "' needs a content type: regards-request:<contentType>");
        }
        NewRequestEndpoint endpoint = new NewRequestEndpoint(uri, this, remaining, runtime);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
