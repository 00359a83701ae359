package io.camelworker.storage;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** All the source readers of the service: opens any supported URL with the first reader that takes it. */
public class Sources {

    private final List<SourceReader> readers;

    public Sources(List<SourceReader> readers) {
        this.readers = List.copyOf(readers);
    }

    /** Opens a URL from a request; a URL no reader supports is INVALID_CONTENT naming the field. */
    public SourceContent open(String field, String url) throws IOException {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url);
        } catch (URISyntaxException e) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' is not a valid URL: " + e.getReason());
        }
        for (SourceReader reader : readers) {
            if (reader.supports(uri)) {
                return reader.open(field, uri);
            }
        }
        throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' has an unsupported scheme; supported: file, http, https");
    }
}
