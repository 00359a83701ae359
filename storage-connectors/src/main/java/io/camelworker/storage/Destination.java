package io.camelworker.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;

/**
 * Where one file is stored: a local file or an S3 object, with the REGARDS URLs that name it. Content is written under
 * a temporary name (or as an unfinished upload) and only gets its final name on {@link Upload#commit()}.
 */
public interface Destination {

    /** The final URL of the file in the REGARDS form: {@code file:} for local, {@code http(s)://endpoint/bucket/key} for S3. */
    String storedFileUrl();

    /** The URL of the directory the file is stored in, ending with {@code /}. */
    String parentUrl();

    /** The path of that directory, starting and ending with {@code /} (for S3: the key prefix, without the bucket). */
    String parentPath();

    /** Size in bytes of what is already at the final name, or -1 when nothing is. */
    long existingSize() throws IOException;

    /**
     * Whether the final name already holds a file with this checksum (a redelivered request), reading it if needed.
     *
     * @param checksum lower-case hex digest
     */
    boolean holds(String checksum, String algorithm, long expectedSize) throws IOException;

    /** Opens the stored file for reading, e.g. to read an image header. */
    InputStream openStored() throws IOException;

    /**
     * Starts writing the file.
     *
     * @param size     the size in bytes when known beforehand, else -1
     * @param checksum the expected checksum when known beforehand (kept with the file when the storage can), else null
     */
    Upload begin(long size, String checksum, String algorithm) throws IOException;

    /** A file being written: nothing is visible under the final name before {@link #commit()}. */
    interface Upload extends AutoCloseable {

        void write(byte[] buffer, int offset, int length) throws IOException;

        /**
         * The temporary file, to read back what was written, when the upload is a local file, else null: a local source
         * is then copied with {@link #transferFrom} instead of {@link #write}.
         */
        default FileChannel file() {
            return null;
        }

        /**
         * Appends {@code count} bytes of a local file, from {@code position}, inside the kernel (only when {@link #file()}
         * is not null).
         *
         * @return the bytes copied, 0 at the end of the source
         */
        default long transferFrom(FileChannel source, long position, long count) throws IOException {
            throw new UnsupportedOperationException("not a local file");
        }

        /** Makes the content visible under the final name, atomically. */
        void commit() throws IOException;

        /** Discards what was written; safe to call after a failure and more than once. */
        void abort();

        /** Aborts unless committed. */
        @Override
        void close();
    }
}
