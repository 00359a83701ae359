package io.camelworker.storage;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.OpenedFile;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;

/**
 * Reads {@code file:} URLs inside {@code worker.files.allowed-roots}, regular files only, through the one descriptor
 * they were checked on ({@link AllowedRoots#openRegularFile}): no link followed at any level, no FIFO that would block
 * the opening thread for ever, no device (e.g. {@code /dev/zero}) that never ends, and nothing reopened by path.
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
        OpenedFile file = allowedRoots.openRegularFile(field, url.toString());
        // On Linux the channel of a SecureDirectoryStream is a FileChannel: a local copy reads it directly.
        FileChannel channel = file.channel() instanceof FileChannel fileChannel ? fileChannel : null;
        return new SourceContent(file.stream(), file.size(), file.name(), channel);
    }
}
