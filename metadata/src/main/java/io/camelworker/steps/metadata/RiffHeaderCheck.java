package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.storage.Interruptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Checks what a RIFF file (WebP, WAV, AVI) claims before metadata-extractor reads it, walking its top-level chunk
 * headers only: every chunk inside the file and within {@link HeaderLimits#maxValueSize()} (the reader holds the EXIF,
 * XMP and ICC chunks it reads in memory, allocated at the size they claim), their number within
 * {@link HeaderLimits#maxEntries()}.
 */
final class RiffHeaderCheck {

    private RiffHeaderCheck() {
    }

    /** Whether the first bytes are a RIFF header. */
    static boolean isRiff(byte[] head) {
        return head.length >= 4 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F';
    }

    /** @throws InvalidContentException naming the file, the claim and the limit */
    static void check(String field, FileChannel file, HeaderLimits limits) throws IOException {
        long size = file.size();
        long position = 12;
        long chunks = 0;
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (position + 8 <= size) {
            Interruptions.check("checking " + field);
            header.clear();
            while (header.hasRemaining()) {
                if (file.read(header, position + header.position()) < 0) {
                    return;
                }
            }
            String type = new String(header.array(), 0, 4, StandardCharsets.ISO_8859_1);
            long length = Integer.toUnsignedLong(header.getInt(4));
            if (length > limits.maxValueSize()) {
                throw refused(field, "chunk '" + type + "' at offset " + position + " claims " + length + " bytes, more than "
                        + HeaderLimits.VALUE_SIZE + " (" + limits.maxValueSize() + " bytes)");
            }
            if (position + 8 + length > size) {
                throw refused(field, "chunk '" + type + "' at offset " + position + " claims " + length
                        + " bytes, beyond the file's " + size + " bytes");
            }
            if (++chunks > limits.maxEntries()) {
                throw refused(field, "more than " + HeaderLimits.ENTRIES + " (" + limits.maxEntries() + ") chunks");
            }
            position += 8 + length + (length & 1);
        }
    }

    private static InvalidContentException refused(String field, String claim) {
        return new InvalidContentException(field + " is not a RIFF (WebP) file the worker reads: " + claim);
    }
}
