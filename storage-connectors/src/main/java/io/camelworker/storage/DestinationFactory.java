package io.camelworker.storage;

import io.camelworker.outcome.RequestCancellation;

import java.io.IOException;
import java.net.URI;

/**
 * Opens destinations of one kind of storage, chosen by the URL of the directory a file goes to (the counterpart of
 * {@link SourceReader}): {@code file:} under the allowed roots, an S3 server of the configuration, or a Camel endpoint
 * the deployment declared. A factory accepts only the locations the deployment configured, so that a request cannot
 * choose where the worker writes.
 */
public interface DestinationFactory {

    /** Whether this factory handles the directory URL (by scheme, host and configured prefix). */
    boolean supports(URI directoryUrl);

    /**
     * The destination of {@code filename} in the directory.
     *
     * @param field names the request field (or header) in error messages
     * @throws io.camelworker.outcome.InvalidContentException when the location is not one the deployment allows
     */
    Destination open(String field, URI directoryUrl, String filename) throws IOException;

    /**
     * The destination of {@code filename} in the directory, for a request that may be cancelled: a factory whose
     * destinations can check {@code cancellation} right before they make a file visible overrides this; the others
     * ignore it.
     *
     * @param cancellation the request's ({@link RequestCancellation#PROPERTY}, or one never cancelled)
     */
    default Destination open(String field, URI directoryUrl, String filename, RequestCancellation cancellation)
            throws IOException {
        return open(field, directoryUrl, filename);
    }
}
