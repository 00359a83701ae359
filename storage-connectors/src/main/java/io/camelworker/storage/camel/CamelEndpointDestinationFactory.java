package io.camelworker.storage.camel;

import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.Destination;
import io.camelworker.storage.DestinationFactory;

import java.net.URI;

/** Destinations under the URL prefixes of {@code worker.storage.endpoints}, written through their Camel endpoints. */
public final class CamelEndpointDestinationFactory implements DestinationFactory {

    private final CamelEndpoints endpoints;

    public CamelEndpointDestinationFactory(CamelEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public boolean supports(URI directoryUrl) {
        return endpoints.covering(directoryUrl) != null;
    }

    @Override
    public Destination open(String field, URI directoryUrl, String filename) {
        DeclaredEndpoint endpoint = endpoints.require(field, directoryUrl);
        String directory = endpoint.pathOf(field, directoryUrl, true);
        endpoint.checkSegment("file name '" + filename + "' in " + field + " '" + ShownUrl.of(directoryUrl) + "'",
                filename == null ? "" : filename);
        return new CamelEndpointDestination(endpoint, directory, filename, endpoints.uploads());
    }
}
