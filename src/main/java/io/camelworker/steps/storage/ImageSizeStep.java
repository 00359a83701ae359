package io.camelworker.steps.storage;

import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.Destination;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.Sources;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * Step {@code imageSize}: width and height of an image, read from its header by an ImageIO reader (the raster is not
 * decoded where the format allows it).
 *
 * <p>Parameters (exchange properties): {@value #URL} (String, optional, any scheme {@code sources} supports); without
 * it, the file stored by {@code transferFile} ({@value TransferFileStep#DESTINATION}). Output: property
 * {@value #RESULT}, an {@link ImageSize}. A file that is not a readable image is an ERROR.
 */
public class ImageSizeStep implements Processor {

    public static final String URL = "imageSizeUrl";
    public static final String RESULT = "imageSizeResult";

    private final Sources sources;

    public ImageSizeStep(Sources sources) {
        this.sources = sources;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String url = exchange.getProperty(URL, String.class);
        if (url != null) {
            try (SourceContent source = sources.open("url", url)) {
                exchange.setProperty(RESULT, read(source.stream(), ShownUrl.of(url)));
            }
            return;
        }
        Destination stored = exchange.getProperty(TransferFileStep.DESTINATION, Destination.class);
        if (stored == null) {
            throw new IllegalStateException("imageSize needs the exchange property " + URL + " or "
                    + TransferFileStep.DESTINATION);
        }
        try (InputStream in = stored.openStored()) {
            exchange.setProperty(RESULT, read(in, stored.storedFileUrl()));
        }
    }

    /** Reads the size from the header of the first image of the stream. */
    public static ImageSize read(InputStream in, String shown) throws IOException {
        try (ImageInputStream images = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = images == null ? null : ImageIO.getImageReaders(images);
            if (readers == null || !readers.hasNext()) {
                throw new ProcessingErrorException("computeImageSize: '" + shown + "' is not an image format ImageIO can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(images, true, true);
                return new ImageSize(reader.getWidth(0), reader.getHeight(0));
            } catch (IOException | RuntimeException e) {
                throw new ProcessingErrorException("computeImageSize: the image header of '" + shown
                        + "' cannot be read: " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** Size of an image in pixels. */
    public record ImageSize(int width, int height) {
    }
}
