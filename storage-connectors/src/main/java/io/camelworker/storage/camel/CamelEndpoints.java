package io.camelworker.storage.camel;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;
import org.apache.camel.CamelContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The endpoints of {@code worker.storage.endpoints}, checked at start-up: each scheme's component must be on the
 * class path and each URI a valid endpoint (unknown options included). Owns the Camel thread pool writes run on.
 */
public final class CamelEndpoints implements AutoCloseable {

    private final List<DeclaredEndpoint> endpoints = new ArrayList<>();
    private final CamelContext context;
    private final ExecutorService uploads;

    public CamelEndpoints(CamelEndpointsProperties properties, CamelContext context) {
        this.context = context;
        List<CamelEndpointsProperties.Endpoint> declared = properties.getEndpoints();
        for (int i = 0; i < declared.size(); i++) {
            DeclaredEndpoint endpoint = new DeclaredEndpoint(declared.get(i), context);
            String property = "worker.storage.endpoints[" + i + "].uri (endpoint '" + endpoint.name() + "')";
            if (context.getComponent(endpoint.scheme(), true) == null) {
                throw new IllegalStateException(property + ": no Camel component '" + endpoint.scheme()
                        + "' on the class path; add its jars to the worker's loader.path (LOADER_PATH) or its "
                        + "dependency to the build (see docs/storage-backends.md)");
            }
            try {
                endpoint.producerEndpoint();
            } catch (RuntimeException e) {
                // Camel masks the passwords of the URIs it names.
                throw new IllegalStateException(property + " is not a valid endpoint: " + e.getMessage(), e);
            }
            endpoints.add(endpoint);
        }
        this.uploads = context.getExecutorServiceManager().newCachedThreadPool(this, "storage-endpoint-write");
    }

    /** The endpoint whose prefix covers the URL, or null. */
    DeclaredEndpoint covering(URI url) {
        for (DeclaredEndpoint endpoint : endpoints) {
            if (endpoint.covers(url)) {
                return endpoint;
            }
        }
        return null;
    }

    /** Like {@link #covering} for a URL a caller already knows to be covered. */
    DeclaredEndpoint require(String field, URI url) {
        DeclaredEndpoint endpoint = covering(url);
        if (endpoint == null) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' is under none of the prefixes of "
                    + "worker.storage.endpoints");
        }
        return endpoint;
    }

    ExecutorService uploads() {
        return uploads;
    }

    @Override
    public void close() {
        context.getExecutorServiceManager().shutdown(uploads);
    }
}
