package io.camelworker.runtime;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code regards-worker} component: {@code from: regards-worker:<workerType>} consumes the requests the REGARDS
 * Worker Manager dispatches to that worker type, and answers them with what the route does.
 * Registered as a Spring bean named after its scheme, with the application's {@link WorkerRuntime}.
 */
@Component(WorkerComponent.SCHEME)
public class WorkerComponent extends DefaultComponent {

    /** The name the component is registered under. */
    public static final String SCHEME = "regards-worker";

    /** Worker types allowed by the manager's configuration import (protocol spec §6). */
    private static final Pattern WORKER_TYPE = Pattern.compile("[a-zA-Z0-9_.\\-]{1,128}");

    private final WorkerRuntime runtime;

    public WorkerComponent(WorkerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!WORKER_TYPE.matcher(remaining).matches()) {
            throw new IllegalArgumentException("worker type '" + remaining + "' in endpoint '" + uri
                    + "' must be 1 to 128 characters among [a-zA-Z0-9_.-]");
        }
        WorkerEndpoint endpoint = new WorkerEndpoint(uri, this, remaining, runtime);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
