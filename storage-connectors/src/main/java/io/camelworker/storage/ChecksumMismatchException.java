package io.camelworker.storage;

import io.camelworker.outcome.ProcessingErrorException;

/**
 * The content read does not have the expected checksum; nothing was stored. An ERROR by default (REGARDS' store
 * request answers it so); a step may answer it otherwise, e.g. INVALID_CONTENT when the checksum came with the request.
 */
public class ChecksumMismatchException extends ProcessingErrorException {

    public ChecksumMismatchException(String message) {
        super(message);
    }
}
