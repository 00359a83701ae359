package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.storage.Interruptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Checks what a PNG file claims before metadata-extractor reads it, walking its chunk headers only (8 bytes each, the
 * data skipped): every chunk inside the file, every metadata chunk (all but image data) within
 * {@link HeaderLimits#maxValueSize()}, since the reader holds it in memory, their number within
 * {@link HeaderLimits#maxEntries()}, and the IHDR width × height within {@link HeaderLimits#maxImagePixels()}.
 */
final class PngHeaderCheck {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngHeaderCheck() {
    }

    /** Whether the first bytes are the PNG signature. */
    static boolean isPng(byte[] head) {
        if (head.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (head[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** @throws InvalidContentException naming the file, the claim and the limit */
    static void check(String field, FileChannel file, HeaderLimits limits) throws IOException {
        long size = file.size();
        long position = SIGNATURE.length;
        long metadataChunks = 0;
        ByteBuffer header = ByteBuffer.allocate(16);
        while (position < size) {
            Interruptions.check("checking " + field);
            header.clear().limit(position + 16 <= size ? 16 : 8);
            while (header.hasRemaining()) {
                if (file.read(header, position + header.position()) < 0) {
                    throw refused(field, "the chunk at offset " + position + " is cut short by the end of the file");
                }
            }
            long length = Integer.toUnsignedLong(header.getInt(0));
            String type = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
            if (position + 12 + length > size) {
                throw refused(field, "chunk " + type + " at offset " + position + " claims " + length
                        + " bytes, beyond the file's " + size + " bytes");
            }
            if (!"IDAT".equals(type)) {
                if (length > limits.maxValueSize()) {
                    throw refused(field, "chunk " + type + " at offset " + position + " claims " + length + " bytes, more than "
                            + HeaderLimits.VALUE_SIZE + " (" + limits.maxValueSize() + " bytes)");
                }
                if (++metadataChunks > limits.maxEntries()) {
                    throw refused(field, "more than " + HeaderLimits.ENTRIES + " (" + limits.maxEntries() + ") metadata chunks");
                }
            }
            if ("IHDR".equals(type) && header.limit() == 16) {
                long width = Integer.toUnsignedLong(header.getInt(8));
                long height = Integer.toUnsignedLong(header.getInt(12));
                if (Math.multiplyHigh(width, height) != 0 || width * height < 0 || width * height > limits.maxImagePixels()) {
                    throw refused(field, "IHDR claims an image of " + width + " x " + height + " pixels, more than "
                            + HeaderLimits.IMAGE_PIXELS + " (" + limits.maxImagePixels() + ")");
                }
            }
            if ("IEND".equals(type)) {
                return;
            }
            position += 12 + length;
        }
    }

    private static InvalidContentException refused(String field, String claim) {
        return new InvalidContentException(field + " is not a PNG file the worker reads: " + claim);
    }
}
