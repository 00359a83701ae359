package io.camelworker.steps.metadata;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Small files whose headers claim what a test chooses (a few hundred bytes each), built byte by byte. */
final class CraftedHeaders {

    private CraftedHeaders() {
    }

    /** One TIFF IFD entry: tag, field type, count, value or offset. */
    record Entry(int tag, int type, long count, long value) {
    }

    /**
     * A classic little-endian TIFF: header, one IFD at offset 8 with these entries (next IFD {@code next}), padded
     * with zeros to {@code size} bytes.
     */
    static byte[] tiff(int size, long next, Entry... entries) {
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        buffer.putShort((short) entries.length);
        for (Entry entry : entries) {
            buffer.putShort((short) entry.tag()).putShort((short) entry.type()).putInt((int) entry.count()).putInt((int) entry.value());
        }
        buffer.putInt((int) next);
        return buffer.array();
    }

    /** A minimal 1 x 1 strip TIFF, as a well-formed reference. */
    static byte[] smallTiff(Entry... extra) {
        Entry[] base = {new Entry(256, 3, 1, 1), new Entry(257, 3, 1, 1), new Entry(258, 3, 1, 8), new Entry(259, 3, 1, 1),
                new Entry(262, 3, 1, 1), new Entry(273, 4, 1, 200), new Entry(277, 3, 1, 1), new Entry(278, 3, 1, 1),
                new Entry(279, 4, 1, 1)};
        Entry[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        java.util.Arrays.sort(all, java.util.Comparator.comparingInt(Entry::tag));
        return tiff(262, 0, all);
    }

    /** A BigTIFF whose first IFD claims {@code entries} entries. */
    static byte[] bigTiffClaimingEntries(long entries) {
        ByteBuffer buffer = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 'I').put((byte) 'I').putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(16);
        buffer.putLong(entries);
        return buffer.array();
    }

    /** A PNG: signature, IHDR of this size, then the given extra chunk header (type, claimed length) and IEND. */
    static byte[] png(int width, int height, String chunkType, long claimedLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array(), 13);
        if (chunkType != null) {
            chunk(out, chunkType, "x".getBytes(StandardCharsets.ISO_8859_1), claimedLength);
        }
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, long claimedLength) {
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) claimedLength).array());
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * A CDF-1 NetCDF header: one dimension {@code x} of {@code dimensionLength}, no attribute, one double variable
     * {@code v(x)} whose data begins at {@code begin}; the name of the dimension claims {@code nameLength} bytes.
     */
    static byte[] netcdf(long nameLength, long dimensionLength, long begin) {
        ByteBuffer buffer = ByteBuffer.allocate(200);
        buffer.put((byte) 'C').put((byte) 'D').put((byte) 'F').put((byte) 1).putInt(0);
        buffer.putInt(0x0A).putInt(1).putInt((int) nameLength).put((byte) 'x').put(new byte[3]).putInt((int) dimensionLength);
        buffer.putInt(0).putInt(0);
        buffer.putInt(0x0B).putInt(1).putInt(1).put((byte) 'v').put(new byte[3]).putInt(1).putInt(0);
        buffer.putInt(0).putInt(0);
        buffer.putInt(6).putInt((int) Math.min(dimensionLength * 8, Integer.MAX_VALUE)).putInt((int) begin);
        return buffer.array();
    }
}
