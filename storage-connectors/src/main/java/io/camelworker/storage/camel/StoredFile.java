package io.camelworker.storage.camel;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A file an endpoint delivered: its content, streamed, and what the component told of it. Closing it (or its stream)
 * closes the content and releases what the component holds for it (a consumer and its connection).
 */
final class StoredFile implements Closeable {

    private final InputStream content;
    private final InputStream view;
    private final long size;
    private final byte[] contentMd5;
    private final Closeable release;
    private boolean closed;

    /**
     * @param size       the size in bytes the component reported, or -1
     * @param contentMd5 the MD5 the storage keeps with the file (Azure's Content-MD5), or null
     * @param release    run once, after the content is closed
     */
    StoredFile(InputStream content, long size, byte[] contentMd5, Closeable release) {
        this.content = content;
        this.view = new FilterInputStream(content) {
            @Override
            public void close() throws IOException {
                StoredFile.this.close();
            }
        };
        this.size = size;
        this.contentMd5 = contentMd5;
        this.release = release;
    }

    /** The content; closing it closes this file. */
    InputStream stream() {
        return view;
    }

    long size() {
        return size;
    }

    byte[] contentMd5() {
        return contentMd5;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            content.close();
        } finally {
            release.close();
        }
    }
}
