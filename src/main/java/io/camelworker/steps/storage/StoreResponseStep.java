package io.camelworker.steps.storage;

import io.camelworker.storage.FileTransfer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step {@code storeResponse}: builds the SUCCESS content of a store request ({@link StorageWorkerResponse}) from what
 * {@code storeRequest}, {@code transferFile} and, when it ran, {@code imageSize} left in the exchange properties.
 */
public class StoreResponseStep implements Processor {

    @Override
    public void process(Exchange exchange) {
        StoreRequestStep.StorePlan plan = exchange.getProperty(StoreRequestStep.PLAN, StoreRequestStep.StorePlan.class);
        FileTransfer.TransferResult result = exchange.getProperty(TransferFileStep.RESULT, FileTransfer.TransferResult.class);
        if (plan == null || result == null) {
            throw new IllegalStateException("storeResponse runs after storeRequest and transferFile");
        }
        ImageSizeStep.ImageSize size = exchange.getProperty(ImageSizeStep.RESULT, ImageSizeStep.ImageSize.class);
        StorageWorkerResponse.StoredFileMetadata stored = size == null
                ? new StorageWorkerResponse.FileMetadata(result.checksum(), result.algorithm(), result.url(), result.size())
                : new StorageWorkerResponse.ImageFileMetadata(result.checksum(), result.algorithm(), result.url(),
                result.size(), size.height(), size.width());
        exchange.getMessage().setBody(new StorageWorkerResponse(
                new StorageWorkerResponse.FileProcessingMetadata(plan.cachePath() != null, plan.cachePath(),
                        plan.destination().filename(), plan.destination().parentUrl(), plan.destination().parentPath()),
                stored));
    }
}
