package io.camelworker.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An opened source: a stream to read once, and what is known of it beforehand.
 *
 * @param stream   the content; the caller closes it (closing this record closes it)
 * @param size     the size in bytes, or -1 when unknown
 * @param filename the last segment of the URL's path, decoded
 */
public record SourceContent(InputStream stream, long size, String filename) implements Closeable {

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
