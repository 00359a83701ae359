package io.camelworker.steps.storage;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.FileIdentity;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.sandbox.SandboxTask;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * The parse of {@code storage:image-size}, in a sandbox process: the width and height of the first image of the
 * stored file, from its header by an ImageIO reader (the raster is not decoded where the format allows it), read from
 * the descriptor the worker checked. A file that is not a readable image is an ERROR, as the step has always answered.
 */
public final class ImageSizeTask implements SandboxTask<ImageSizeTask.Input, ImageSizeTask.ImageSize> {

    /**
     * @param what  names the step in messages: {@code storage:image-size}, or {@code computeImageSize}
     * @param shown the stored file's URL as messages show it
     * @param file  the stored file, or its temporary copy, as the worker opened it
     */
    public record Input(String what, String shown, FileIdentity file) {
    }

    /** Size of an image in pixels. */
    public record ImageSize(int width, int height) {
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Class<ImageSize> outputType() {
        return ImageSize.class;
    }

    @Override
    public ImageSize run(Input input) throws IOException {
        try (OpenedFile file = AllowedRoots.openSame(input.what() + ": '" + input.shown() + "'", input.file());
             ImageInputStream images = new ChannelImageInput(file.channel())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(images);
            if (!readers.hasNext()) {
                throw new ProcessingErrorException(input.what() + ": '" + input.shown() + "' is not an image format ImageIO can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(images, true, true);
                return new ImageSize(reader.getWidth(0), reader.getHeight(0));
            } catch (IOException | RuntimeException e) {
                throw new ProcessingErrorException(input.what() + ": the image header of '" + input.shown()
                        + "' cannot be read: " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }
}
