package io.camelworker.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.camelworker.steps.storage.ImageSizeTask;
import org.junit.jupiter.api.AfterAll;

/**
 * Request bytes meet the storage worker's image size ({@code storage:image-size}, {@code computeImageSize}): the
 * fuzzer's bytes are the stored file, read by {@link ImageSizeTask} (the JDK's ImageIO readers, header only). The
 * corpus holds small PNG, JPEG, GIF, BMP and TIFF files and the header bombs of the metadata tests. Jazzer does not
 * instrument the JDK's own classes ({@code com.sun.imageio}), so a campaign here is guided by the worker's code only:
 * it is a robustness run rather than a coverage-guided one. Invariants and the choice of in-process (campaign) or
 * sandboxed (replay) parsing: {@link ParserBoundary}; a result has no negative dimension (a GIF whose first image is
 * 0 x 0 pixels is measured so, as ImageIO reads it: corpus {@code gif-0x0-image}).
 */
class ImageSizeFuzzTest {

    private static final ParserBoundary BOUNDARY = new ParserBoundary("image-size-fuzz");

    @AfterAll
    static void close() {
        BOUNDARY.close();
    }

    @FuzzTest(maxDuration = "2m")
    void imageSize(byte[] input) {
        ImageSizeTask.ImageSize size = BOUNDARY.parse(input, "input.img", ImageSizeTask.class,
                file -> new ImageSizeTask.Input("storage:image-size", "file:///input.img", file));
        if (size != null && (size.width() < 0 || size.height() < 0)) {
            throw new AssertionError("an image of " + size.width() + " x " + size.height() + " pixels was measured");
        }
    }
}
