package io.camelworker.steps.storage;

import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.storage.Destination;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * Step {@code storage:image-size}: width and height of the image storage:transfer stored (the same headers name it:
 * StorageDirectoryUrl and StorageFileName), read from its header by an ImageIO reader (the raster is not decoded where
 * the format allows it). Sets headers StorageImageWidth and StorageImageHeight. A file that is not a readable image is
 * an ERROR.
 */
class ImageSizeStep extends StorageStep {

    ImageSizeStep(StorageEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        String directory = required(message, StorageHeaders.DIRECTORY_URL, "the directory of the stored image");
        String filename = fileName(message, message.getHeader(StorageHeaders.SOURCE_URL, String.class));
        Destination stored = component().destination(exchange, StorageHeaders.DIRECTORY_URL, directory, filename);
        String what = endpoint.reportsStoreRequest() ? "computeImageSize" : stepName();
        try (InputStream in = stored.openStored()) {
            ImageSize size = read(in, what, stored.storedFileUrl());
            message.setHeader(StorageHeaders.IMAGE_WIDTH, size.width());
            message.setHeader(StorageHeaders.IMAGE_HEIGHT, size.height());
        }
    }

    /** Reads the size from the header of the first image of the stream. */
    static ImageSize read(InputStream in, String what, String shown) throws IOException {
        try (ImageInputStream images = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = images == null ? null : ImageIO.getImageReaders(images);
            if (readers == null || !readers.hasNext()) {
                throw new ProcessingErrorException(what + ": '" + shown + "' is not an image format ImageIO can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(images, true, true);
                return new ImageSize(reader.getWidth(0), reader.getHeight(0));
            } catch (IOException | RuntimeException e) {
                throw new ProcessingErrorException(what + ": the image header of '" + shown
                        + "' cannot be read: " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Size of an image in pixels. */
    record ImageSize(int width, int height) {
    }
}
