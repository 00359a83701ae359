package io.camelworker.steps.storage;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Step {@code storage:answer}: makes the body the SUCCESS content of a store request ({@link StorageWorkerResponse}),
 * from the headers storage:read-request, storage:transfer and, when it ran, storage:image-size set.
 */
class AnswerStep extends StorageStep {

    AnswerStep(StorageEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String cachePath = message.getHeader(StorageHeaders.CACHE_PATH, String.class);
        String checksum = header(message, StorageHeaders.CHECKSUM, "storage:transfer");
        String algorithm = header(message, StorageHeaders.ALGORITHM, "storage:transfer");
        String storedUrl = header(message, StorageHeaders.STORED_URL, "storage:transfer");
        Long size = message.getHeader(StorageHeaders.FILE_SIZE, Long.class);
        if (size == null) {
            throw missing(StorageHeaders.FILE_SIZE, "storage:transfer");
        }
        Integer width = message.getHeader(StorageHeaders.IMAGE_WIDTH, Integer.class);
        Integer height = message.getHeader(StorageHeaders.IMAGE_HEIGHT, Integer.class);
        StorageWorkerResponse.StoredFileMetadata stored = width == null || height == null
                ? new StorageWorkerResponse.FileMetadata(checksum, algorithm, storedUrl, size)
                : new StorageWorkerResponse.ImageFileMetadata(checksum, algorithm, storedUrl, size, height, width);
        message.setBody(new StorageWorkerResponse(new StorageWorkerResponse.FileProcessingMetadata(cachePath != null,
                cachePath, header(message, StorageHeaders.FILE_NAME, "storage:read-request"),
                header(message, StorageHeaders.PARENT_URL, "storage:read-request"),
                header(message, StorageHeaders.PARENT_PATH, "storage:read-request")), stored));
    }

    private String header(Message message, String name, String setBy) {
        String value = message.getHeader(name, String.class);
        if (value == null) {
            throw missing(name, setBy);
        }
        return value;
    }

    /** A route that does not run the steps before the answer: retried, then dead-lettered, as any bug. */
    private IllegalStateException missing(String header, String setBy) {
        return new IllegalStateException(stepName() + " needs header " + header + ", set by " + setBy
                + "; it runs after storage:read-request and storage:transfer");
    }
}
