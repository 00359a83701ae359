package io.camelworker.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;

/**
 * An opened source: a stream to read once, and what is known of it beforehand.
 *
 * @param stream   the content; the caller closes it (closing this record closes it)
 * @param size     the size in bytes, or -1 when unknown
 * @param filename the last segment of the URL's path, decoded
 * @param file     the channel under {@code stream} when the source is a local regular file, else null: a local copy
 *                 reads it directly ({@link FileTransfer}), {@code size} bytes from position 0
 */
public record SourceContent(InputStream stream, long size, String filename, FileChannel file) implements Closeable {

    /** A source that is not a local file. */
    public SourceContent(InputStream stream, long size, String filename) {
        this(stream, size, filename, null);
    }

    @Override
    public void close() throws IOException {
        stream.close();
        if (file != null) {
            file.close();
        }
    }
}
