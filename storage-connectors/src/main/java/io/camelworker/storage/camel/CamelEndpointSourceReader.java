package io.camelworker.storage.camel;

import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.SourceReader;

import java.io.IOException;
import java.net.URI;

/**
 * Reads sources under the URL prefixes of {@code worker.storage.endpoints} through their Camel endpoints, streamed
 * (a remote file consumer with {@code streamDownload}, Azure's {@code getBlob} stream), each read bounded by the
 * endpoint's {@code read-timeout}.
 */
public final class CamelEndpointSourceReader implements SourceReader {

    private final CamelEndpoints endpoints;

    public CamelEndpointSourceReader(CamelEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public boolean supports(URI url) {
        return endpoints.covering(url) != null;
    }

    @Override
    public SourceContent open(String field, URI url) throws IOException {
        DeclaredEndpoint endpoint = endpoints.require(field, url);
        String path = endpoint.pathOf(field, url, false);
        StoredFile stored = endpoint.open(path);
        if (stored == null) {
            throw new ProcessingErrorException(field + " '" + ShownUrl.of(url) + "' does not exist (endpoint '"
                    + endpoint.name() + "')");
        }
        return new SourceContent(stored.stream(), stored.size(), path.substring(path.lastIndexOf('/') + 1));
    }
}
