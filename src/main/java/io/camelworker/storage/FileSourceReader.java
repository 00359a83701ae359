package io.camelworker.storage;

import io.camelworker.files.AllowedRoots;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.ShownUrl;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads {@code file:} URLs inside {@code worker.files.allowed-roots}, regular files only: a FIFO would block the
 * opening thread for ever, a device (e.g. {@code /dev/zero}) never ends.
 */
public class FileSourceReader implements SourceReader {

    private final AllowedRoots allowedRoots;

    public FileSourceReader(AllowedRoots allowedRoots) {
        this.allowedRoots = allowedRoots;
    }

    @Override
    public boolean supports(URI url) {
        return "file".equalsIgnoreCase(url.getScheme());
    }

    @Override
    public SourceContent open(String field, URI url) throws IOException {
        String shown = field + " '" + ShownUrl.of(url) + "'";
        Path file = allowedRoots.resolveFileUrl(field, url.toString());
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ProcessingErrorException(shown + " does not exist");
        }
        if (attributes.isDirectory()) {
            throw new InvalidContentException(shown + " is a directory; expected a regular file");
        }
        if (!attributes.isRegularFile()) {
            throw new InvalidContentException(shown + " is not a regular file (a FIFO, socket or device); it is not opened");
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            return new SourceContent(Channels.newInputStream(channel), attributes.size(), file.getFileName().toString(),
                    channel);
        } catch (NoSuchFileException e) {
            throw new ProcessingErrorException(shown + " does not exist", e);
        }
    }
}
