package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** The archive formats the extraction handles, recognised by their first bytes rather than by a name that may lie. */
public enum ArchiveFormat {
    ZIP, TAR, TAR_GZ;

    private static final int TAR_MAGIC_OFFSET = 257;

    /**
     * Recognises the format of a local archive.
     *
     * @param shown how the archive is named in error messages
     * @throws InvalidContentException when it is none of zip, tar, tar.gz
     */
    public static ArchiveFormat of(FileChannel archive, String shown) throws IOException {
        byte[] head = new byte[TAR_MAGIC_OFFSET + 5];
        ByteBuffer buffer = ByteBuffer.wrap(head);
        while (buffer.hasRemaining() && archive.read(buffer, buffer.position()) >= 0) {
            // Positional reads: the channel's position is left to the reader of the format.
        }
        int length = buffer.position();
        if (length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8))) {
            return ZIP;
        }
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return TAR_GZ;
        }
        if (length == head.length && "ustar".equals(new String(head, TAR_MAGIC_OFFSET, 5, StandardCharsets.US_ASCII))) {
            return TAR;
        }
        throw new InvalidContentException(shown + " is not a zip, tar or tar.gz archive (unknown first bytes)");
    }
}
