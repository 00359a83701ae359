package io.camelworker.confinement;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;

/**
 * A regular file inside the allowed roots, opened once without following any link: every check was made on what this
 * channel reads, so nothing reads it again by path. {@code fileKey} identifies the file (device and inode), for a
 * sandbox process to check that it opened the same one.
 *
 * @param channel the open file, positioned at its start
 * @param size    its size when it was opened
 * @param fileKey the file system's identity of the file ({@code BasicFileAttributes.fileKey()}), not null on Linux
 * @param root    the allowed root it lies in (a real path)
 * @param relative its path below {@code root}, without links
 */
public record OpenedFile(SeekableByteChannel channel, long size, Object fileKey, java.nio.file.Path root,
                         java.nio.file.Path relative) implements Closeable {

    /** The file's name, its last segment. */
    public String name() {
        return relative.getFileName().toString();
    }

    /** Which file this is, for a sandbox process to open the same one ({@link AllowedRoots#openSame}). */
    public FileIdentity identity() {
        return new FileIdentity(root.toString(), relative.toString(), String.valueOf(fileKey));
    }

    /** A stream over the channel; closing it closes the channel. */
    public InputStream stream() {
        return Channels.newInputStream(channel);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
