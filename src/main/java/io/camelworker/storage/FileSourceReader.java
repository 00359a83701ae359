package io.camelworker.storage;

import io.camelworker.files.AllowedRoots;
import io.camelworker.outcome.ProcessingErrorException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads {@code file:} URLs inside {@code worker.files.allowed-roots}. */
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
        Path file = allowedRoots.resolveFileUrl(field, url.toString());
        if (!Files.isRegularFile(file)) {
            throw new ProcessingErrorException(field + " '" + url + "' does not exist or is not a regular file");
        }
        try {
            return new SourceContent(Files.newInputStream(file), Files.size(file), file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new ProcessingErrorException(field + " '" + url + "' does not exist", e);
        }
    }
}
