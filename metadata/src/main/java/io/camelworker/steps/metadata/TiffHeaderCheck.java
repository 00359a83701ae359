package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.storage.Interruptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks what a TIFF (or BigTIFF) file claims before Apache SIS or metadata-extractor reads it, reading only its IFDs:
 * each IFD must lie inside the file, the entries of all IFDs must stay within {@link HeaderLimits#maxEntries()}, every
 * tag's values (count × size of its type) must lie inside the file and stay within {@link HeaderLimits#maxValueSize()}
 * (a 262-byte file whose StripOffsets claims 2^30 values made SIS allocate them), IFDs must not loop, and the image's
 * width × height must stay within {@link HeaderLimits#maxImagePixels()}.
 */
final class TiffHeaderCheck {

    private static final Map<Integer, String> TAG_NAMES = Map.ofEntries(
            Map.entry(256, "ImageWidth"), Map.entry(257, "ImageLength"), Map.entry(270, "ImageDescription"),
            Map.entry(273, "StripOffsets"), Map.entry(279, "StripByteCounts"), Map.entry(305, "Software"),
            Map.entry(306, "DateTime"), Map.entry(322, "TileWidth"), Map.entry(323, "TileLength"),
            Map.entry(324, "TileOffsets"), Map.entry(325, "TileByteCounts"), Map.entry(33550, "ModelPixelScale"),
            Map.entry(33922, "ModelTiepoint"), Map.entry(34735, "GeoKeyDirectory"), Map.entry(34736, "GeoDoubleParams"),
            Map.entry(34737, "GeoAsciiParams"));

    private TiffHeaderCheck() {
    }

    /** Whether the first bytes are a TIFF or BigTIFF header. */
    static boolean isTiff(byte[] head) {
        return head.length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[3] == 0 && (head[2] == 42 || head[2] == 43))
                || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43)));
    }

    /**
     * @param field names the file in refusals, e.g. {@code files[0] 'x.tif'}
     * @throws InvalidContentException naming the file, the claim and the limit
     */
    static void check(String field, FileChannel file, HeaderLimits limits) throws IOException {
        long size = file.size();
        ByteBuffer header = read(field, file, 0, 8, size, "the TIFF header");
        ByteOrder order = header.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        header.order(order);
        boolean big = header.getShort(2) == 43;
        if (big) {
            header = read(field, file, 0, 16, size, "the BigTIFF header").order(order);
        }
        int countSize = big ? 8 : 2;
        int entrySize = big ? 20 : 12;
        int offsetSize = big ? 8 : 4;
        long offset = big ? header.getLong(8) : Integer.toUnsignedLong(header.getInt(4));
        Set<Long> seen = new HashSet<>();
        long entries = 0;
        for (int ifd = 0; offset != 0; ifd++) {
            Interruptions.check("checking " + field);
            if (!seen.add(offset)) {
                throw refused(field, "IFD " + ifd + " at offset " + offset + " is an IFD already read: the IFDs loop");
            }
            ByteBuffer count = read(field, file, offset, countSize, size, "IFD " + ifd).order(order);
            long claimed = big ? count.getLong(0) : Short.toUnsignedInt(count.getShort(0));
            entries += claimed + 1;
            if (claimed < 0 || entries > limits.maxEntries()) {
                throw refused(field, "IFD " + ifd + " claims " + Long.toUnsignedString(claimed) + " entries, more than "
                        + HeaderLimits.ENTRIES + " (" + limits.maxEntries() + ") in all");
            }
            long table = claimed * entrySize + offsetSize;
            if (offset + countSize + table > size) {
                throw refused(field, "IFD " + ifd + " claims " + claimed + " entries (" + table + " bytes at offset "
                        + (offset + countSize) + "), beyond the file's " + size + " bytes");
            }
            ByteBuffer ifdBytes = read(field, file, offset + countSize, (int) table, size, "IFD " + ifd).order(order);
            long width = -1;
            long length = -1;
            for (int i = 0; i < claimed; i++) {
                int at = i * entrySize;
                int tag = Short.toUnsignedInt(ifdBytes.getShort(at));
                int type = Short.toUnsignedInt(ifdBytes.getShort(at + 2));
                long values = big ? ifdBytes.getLong(at + 4) : Integer.toUnsignedLong(ifdBytes.getInt(at + 4));
                checkValue(field, ifd, tag, type, values, ifdBytes, at + (big ? 12 : 8), big, size, limits);
                if (tag == 277 && values == 1 && type == 3) {
                    int bands = Short.toUnsignedInt(ifdBytes.getShort(at + (big ? 12 : 8)));
                    if (bands > limits.maxImageBands()) {
                        throw refused(field, "IFD " + ifd + " claims " + bands + " bands (SamplesPerPixel), more than "
                                + HeaderLimits.IMAGE_BANDS + " (" + limits.maxImageBands() + ")");
                    }
                }
                if ((tag == 256 || tag == 257) && values == 1) {
                    long value = type == 3 ? Short.toUnsignedInt(ifdBytes.getShort(at + (big ? 12 : 8)))
                            : Integer.toUnsignedLong(ifdBytes.getInt(at + (big ? 12 : 8)));
                    if (tag == 256) {
                        width = value;
                    } else {
                        length = value;
                    }
                }
            }
            if (width > 0 && length > 0 && (Math.multiplyHigh(width, length) != 0 || width * length < 0 || width * length > limits.maxImagePixels())) {
                throw refused(field, "IFD " + ifd + " claims an image of " + width + " x " + length + " pixels, more than "
                        + HeaderLimits.IMAGE_PIXELS + " (" + limits.maxImagePixels() + ")");
            }
            offset = big ? ifdBytes.getLong((int) claimed * entrySize) : Integer.toUnsignedLong(ifdBytes.getInt((int) claimed * entrySize));
        }
    }

    private static void checkValue(String field, int ifd, int tag, int type, long values, ByteBuffer ifd0, int valueAt,
                                   boolean big, long size, HeaderLimits limits) {
        int typeSize = typeSize(type);
        String name = "IFD " + ifd + " tag " + tag + (TAG_NAMES.containsKey(tag) ? " (" + TAG_NAMES.get(tag) + ")" : "");
        if (values < 0 || Math.multiplyHigh(values, typeSize) != 0 || values * typeSize < 0) {
            throw refused(field, name + " claims " + Long.toUnsignedString(values) + " values, more than any file holds");
        }
        long bytes = values * typeSize;
        if (bytes > limits.maxValueSize()) {
            throw refused(field, name + " claims " + values + " values of " + typeSize + " bytes (" + bytes + " bytes), more than "
                    + HeaderLimits.VALUE_SIZE + " (" + limits.maxValueSize() + " bytes)");
        }
        if (bytes > (big ? 8 : 4)) {
            long at = big ? ifd0.getLong(valueAt) : Integer.toUnsignedLong(ifd0.getInt(valueAt));
            if (at < 0 || at + bytes > size) {
                throw refused(field, name + " claims " + values + " values of " + typeSize + " bytes (" + bytes
                        + " bytes) at offset " + Long.toUnsignedString(at) + ", beyond the file's " + size + " bytes");
            }
        }
    }

    /** Bytes of one value of a TIFF field type; unknown types count as 1 (readers skip them). */
    private static int typeSize(int type) {
        return switch (type) {
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 1;
        };
    }

    private static ByteBuffer read(String field, FileChannel file, long at, int length, long size, String what) throws IOException {
        if (at < 0 || at + length > size) {
            throw refused(field, what + " at offset " + Long.toUnsignedString(at) + " is beyond the file's " + size + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, at + buffer.position()) < 0) {
                throw refused(field, what + " is cut short by the end of the file");
            }
        }
        return buffer.flip();
    }

    private static InvalidContentException refused(String field, String claim) {
        return new InvalidContentException(field + " is not a TIFF file the worker reads: " + claim);
    }
}
