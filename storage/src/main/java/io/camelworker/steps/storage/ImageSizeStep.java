package io.camelworker.steps.storage;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.Destination;
import io.camelworker.storage.Interruptions;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Step {@code storage:image-size}: width and height of the image storage:transfer stored (the same headers name it:
 * StorageDirectoryUrl and StorageFileName), read from its header in a sandbox process ({@link ImageSizeTask}). A local
 * stored file is opened once and handed over by its identity; a remote one (S3, a Camel endpoint) is copied first,
 * bounded by {@code worker.storage.max-file-size}, into a temporary file handed over the same way. Sets headers
 * StorageImageWidth and StorageImageHeight. A file that is not a readable image is an ERROR; one whose parse runs out
 * of the sandbox's heap is INVALID_CONTENT, out of its time an ERROR.
 */
class ImageSizeStep extends StorageStep {

    private static final int COPY_BUFFER = 64 * 1024;

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
        String shown = ShownUrl.of(stored.storedFileUrl());
        ImageSizeTask.ImageSize size;
        if (stored.storedFileUrl().regionMatches(true, 0, "file:", 0, 5)) {
            try (OpenedFile file = component().allowedRoots().openRegularFile(what, stored.storedFileUrl())) {
                size = measure(what, shown, file);
            }
        } else {
            size = measureCopy(what, shown, stored);
        }
        message.setHeader(StorageHeaders.IMAGE_WIDTH, size.width());
        message.setHeader(StorageHeaders.IMAGE_HEIGHT, size.height());
    }

    private ImageSizeTask.ImageSize measureCopy(String what, String shown, Destination stored) throws IOException {
        Path directory = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        Path copy = Files.createTempFile(directory, "image-size-", ".tmp");
        try {
            long max = component().properties().getMaxFileSize().toBytes();
            try (InputStream in = stored.openStored(); OutputStream out = Files.newOutputStream(copy)) {
                byte[] buffer = new byte[COPY_BUFFER];
                long total = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    Interruptions.check(what + ": copying '" + shown + "'");
                    total += n;
                    if (total > max) {
                        throw new InvalidContentException(what + ": '" + shown + "' is larger than worker.storage.max-file-size ("
                                + max + " bytes)");
                    }
                    out.write(buffer, 0, n);
                }
            }
            try (OpenedFile file = new AllowedRoots(List.of(directory)).openRegularFile(what, copy.toUri().toString())) {
                return measure(what, shown, file);
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private ImageSizeTask.ImageSize measure(String what, String shown, OpenedFile file) throws IOException {
        try {
            return component().sandbox().run(ImageSizeTask.class, new ImageSizeTask.Input(what, shown, file.identity()),
                    what + ": '" + shown + "'");
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new ProcessingErrorException(what + ": '" + shown + "' could not be measured: no sandbox process could "
                    + "be reached: " + e.getMessage(), e);
        }
    }
}
