package io.camelworker.steps.storage;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.storage.ChecksumMismatchException;
import io.camelworker.storage.Destination;
import io.camelworker.storage.FileTransfer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Step {@code storage:transfer}: streams the source (header StorageSourceUrl) into the destination directory (header
 * StorageDirectoryUrl) under header StorageFileName, computing the digest on the way. With an expected checksum
 * (header StorageChecksum) a mismatch stores nothing under the final name, and a destination that already holds the
 * file is answered without copying it again. Sources are bounded by {@code worker.storage.max-file-size}; an interrupted
 * copy (the request's time budget) removes what it wrote.
 */
class TransferStep extends StorageStep {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    /**
     * The names a refusal gives to the inputs: the fields of REGARDS' store request when the step answers for it
     * ({@code errors=store-request}), else the headers the route set.
     */
    private record InputNames(String url, String algorithm, String checksum) {
        static final InputNames STORE_REQUEST = new InputNames("url", "algorithm", "checksum");
        static final InputNames HEADERS = new InputNames(StorageHeaders.SOURCE_URL, StorageHeaders.ALGORITHM,
                StorageHeaders.CHECKSUM);
    }

    TransferStep(StorageEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void checkOptions() {
        try {
            FileTransfer.newDigest("algorithm", endpoint.getAlgorithm());
        } catch (InvalidContentException e) {
            throw new IllegalArgumentException(stepName() + " option " + e.getMessage(), e);
        }
    }

    @Override
    void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        boolean storeRequest = endpoint.reportsStoreRequest();
        InputNames names = storeRequest ? InputNames.STORE_REQUEST : InputNames.HEADERS;
        String url = required(message, StorageHeaders.SOURCE_URL, "the URL of the source");
        String directory = required(message, StorageHeaders.DIRECTORY_URL, "the URL of the destination directory");
        String filename = fileName(message, url);
        String algorithm = message.getHeader(StorageHeaders.ALGORITHM, endpoint.getAlgorithm(), String.class);
        FileTransfer.newDigest(names.algorithm(), algorithm);
        String checksum = message.getHeader(StorageHeaders.CHECKSUM, String.class);
        if (checksum != null && !HEX.matcher(checksum).matches()) {
            throw new InvalidContentException(names.checksum() + " '" + checksum
                    + "' must be hexadecimal");
        }
        Destination destination = component().destination(exchange, StorageHeaders.DIRECTORY_URL, directory, filename);
        FileTransfer.TransferResult result;
        try {
            result = component().transfer().transfer(names.url(), url,
                    StorageComponent.takeOpened(exchange, url), destination, algorithm,
                    checksum == null ? null : checksum.toLowerCase(Locale.ROOT),
                    RequestCancellation.orNever(exchange.getProperty(RequestCancellation.PROPERTY, RequestCancellation.class)));
        } catch (ChecksumMismatchException e) {
            if (storeRequest) {
                throw e;
            }
            // The checksum came with the message: content that does not match it is the message's fault.
            throw new InvalidContentException(e.getMessage());
        }
        message.setHeader(StorageHeaders.STORED_URL, result.url());
        message.setHeader(StorageHeaders.CHECKSUM, result.checksum());
        message.setHeader(StorageHeaders.ALGORITHM, result.algorithm());
        message.setHeader(StorageHeaders.FILE_SIZE, result.size());
        message.setHeader(StorageHeaders.COPIED, result.copied());
    }
}
