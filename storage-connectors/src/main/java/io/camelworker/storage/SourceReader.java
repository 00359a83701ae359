package io.camelworker.storage;

import java.io.IOException;
import java.net.URI;

/** Opens, for streaming, the content a request's URL points to; one implementation per kind of storage. */
public interface SourceReader {

    /** Whether this reader handles the URL (by scheme, and for http(s) by host when it is a known S3 server). */
    boolean supports(URI url);

    /**
     * Opens the URL.
     *
     * @param field names the request field in error messages, e.g. {@code url} or {@code product.files[0].url}
     * @throws io.camelworker.outcome.InvalidContentException when the URL is not allowed (outside the roots...)
     * @throws io.camelworker.outcome.ProcessingErrorException when the content is missing or refused for good
     * @throws IOException for a failure worth retrying (connection reset, server error)
     */
    SourceContent open(String field, URI url) throws IOException;
}
