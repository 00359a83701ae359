package io.camelworker.storage;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.util.List;

/**
 * All the source readers of the service: opens any supported URL with the first reader that takes it, and bounds
 * what it reads by {@code worker.storage.max-file-size}.
 */
public class Sources {

    private final List<SourceReader> readers;
    private final long maxFileSize;

    public Sources(List<SourceReader> readers, DataSize maxFileSize) {
        this.readers = List.copyOf(readers);
        this.maxFileSize = maxFileSize.toBytes();
    }

    /**
     * Opens a URL from a request; a URL no reader supports is INVALID_CONTENT naming the field, and so is a source
     * larger than {@code worker.storage.max-file-size}: refused before reading when its declared size is, else by the
     * read that crosses the limit.
     */
    public SourceContent open(String field, String url) throws IOException {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url);
        } catch (URISyntaxException e) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' is not a valid URL: " + e.getReason());
        }
        for (SourceReader reader : readers) {
            if (reader.supports(uri)) {
                try {
                    return bounded(field + " '" + ShownUrl.of(url) + "'", reader.open(field, uri));
                } catch (InvalidPathException e) {
                    // A path the file system cannot take (a NUL character) is the request's fault, for every reader.
                    throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' is not a valid path: "
                            + e.getReason());
                }
            }
        }
        throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' has an unsupported scheme; supported: file, http, https");
    }

    private SourceContent bounded(String shown, SourceContent content) throws IOException {
        if (content.size() > maxFileSize) {
            content.close();
            throw new InvalidContentException(shown + " is " + content.size() + " bytes, larger than "
                    + "worker.storage.max-file-size (" + maxFileSize + " bytes); nothing was read");
        }
        // A local file's channel is read up to its size only, which was checked above.
        return new SourceContent(new SizeLimitedStream(content.stream(), maxFileSize, shown), content.size(),
                content.filename(), content.file());
    }
}
