package io.camelworker.steps.storage;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** What one {@code storage:<step>} endpoint does: its options checked when the route starts, then run on each request. */
abstract class StorageStep {

    protected final StorageEndpoint endpoint;

    StorageStep(StorageEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    StorageComponent component() {
        return endpoint.getComponent();
    }

    /** The step's name in messages, e.g. {@code storage:transfer}. */
    String stepName() {
        return StorageComponent.SCHEME + ":" + endpoint.getStep();
    }

    /** Checks the options; an {@link IllegalArgumentException} naming the option stops the route from starting. */
    void checkOptions() {
    }

    /** Does the step on one request. */
    abstract void process(Exchange exchange) throws Exception;

    /** A header the step needs, as a non-blank String. */
    String required(Message message, String header, String what) {
        String value = message.getHeader(header, String.class);
        if (value == null || value.isBlank()) {
            throw new InvalidContentException("header " + header + " is missing; " + stepName() + " needs " + what);
        }
        return value;
    }

    /** Header StorageFileName, else the last segment of the source URL: the name of the file in its directory. */
    String fileName(Message message, String sourceUrl) {
        String name = message.getHeader(StorageHeaders.FILE_NAME, String.class);
        if (name != null) {
            if (!StoreRequestChecks.isSegment(name)) {
                throw new InvalidContentException(StorageHeaders.FILE_NAME + " '" + name + "' must be a single path"
                        + " segment (no / or \\, not . or ..)");
            }
            return name;
        }
        String last = sourceUrl == null ? null : StoreRequestChecks.lastSegment(sourceUrl);
        if (last == null || !StoreRequestChecks.isSegment(last)) {
            throw new InvalidContentException("header " + StorageHeaders.FILE_NAME + " is missing and "
                    + StorageHeaders.SOURCE_URL + " '" + ShownUrl.of(sourceUrl) + "' has no file name to store the file"
                    + " under");
        }
        return last;
    }
}
