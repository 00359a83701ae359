package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Checks what a zip's end-of-central-directory record (zip64 included) claims, and counts the central directory records
 * the zip parser will read, before it reads them: the parser keeps every record in memory, so a central directory of
 * millions of entries exhausts the heap before any limit of the extraction is looked at.
 *
 * <p>The records are located as commons-compress {@code ZipFile} locates them (last end-of-central-directory record, a
 * zip64 locator just before it, data prepended to the archive allowed for) and counted as it reads them: one after the
 * other while they start with the central header signature, whatever count the end record claims. Each record, and the
 * local header it points to, is bounded in size too, so that what the parser keeps is proportional to max-entries.
 */
final class CentralDirectoryCheck {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int CENTRAL_HEADER_SIGNATURE = 0x02014b50;
    private static final int EOCD_LENGTH = 22;
    private static final int MAX_COMMENT_LENGTH = 0xFFFF;
    private static final int ZIP64_LOCATOR_LENGTH = 20;
    private static final int ZIP64_EOCD_LENGTH = 56;
    /** The fixed part of a central directory record; the name, extra field and comment follow. */
    static final int CENTRAL_HEADER_LENGTH = 46;
    /**
     * Most bytes of a record's name, extra field and comment together. The parser keeps them all (and the local extra
     * field): with this bound, memory is proportional to max-entries. Real records hold a name and a few extra fields
     * of a few dozen bytes each.
     */
    static final int MAX_RECORD_VARIABLE_BYTES = 4096;
    private static final int INTERRUPTION_CHECK_EVERY = 4096;
    private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
    private static final int LOCAL_HEADER_LENGTH = 30;
    private static final long ZIP64_MARKER = 0xFFFFFFFFL;
    private static final int ZIP64_EXTRA_ID = 0x0001;

    private CentralDirectoryCheck() {
    }

    /**
     * Refuses a zip whose central directory holds more than {@code maxEntries} records, or whose end record claims
     * more entries than that, a central directory that does not fit in the file, fewer bytes than its entries need or
     * more than {@code maxEntries} records may take; and a record or local header larger than
     * {@link #MAX_RECORD_VARIABLE_BYTES}. A file without an end record is left to the parser, which reports it corrupt.
     *
     * @param shown how the archive is named in error messages, e.g. {@code archive 'p.zip'}
     * @throws InvalidContentException naming the archive, the claim and the limit
     */
    static void check(FileChannel channel, String shown, int maxEntries) throws IOException {
        {
            long length = channel.size();
            int tailLength = (int) Math.min(length, EOCD_LENGTH + MAX_COMMENT_LENGTH);
            ByteBuffer tail = read(channel, length - tailLength, tailLength);
            int eocd = lastEndRecord(tail);
            if (eocd < 0) {
                return;
            }
            long eocdOffset = length - tailLength + eocd;
            long entries = Short.toUnsignedLong(tail.getShort(eocd + 10));
            long size = Integer.toUnsignedLong(tail.getInt(eocd + 12));
            long offset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
            // Data before the archive (a self-extracting stub) shifts every offset; the parser allows for it.
            long start = offset + Math.max(0, eocdOffset - size - offset);
            String record = "end of central directory record";
            if (eocdOffset >= ZIP64_LOCATOR_LENGTH) {
                ByteBuffer locator = read(channel, eocdOffset - ZIP64_LOCATOR_LENGTH, ZIP64_LOCATOR_LENGTH);
                if (locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
                    long zip64Offset = locator.getLong(8);
                    if (zip64Offset < 0 || zip64Offset > eocdOffset - ZIP64_LOCATOR_LENGTH - ZIP64_EOCD_LENGTH) {
                        throw new InvalidContentException(shown + " claims a zip64 end of central directory record at offset "
                                + Long.toUnsignedString(zip64Offset) + ", outside the file (" + length + " bytes)");
                    }
                    ByteBuffer zip64 = read(channel, zip64Offset, ZIP64_EOCD_LENGTH);
                    if (zip64.getInt(0) != ZIP64_EOCD_SIGNATURE) {
                        return;
                    }
                    record = "zip64 end of central directory record";
                    entries = zip64.getLong(32);
                    size = zip64.getLong(40);
                    start = zip64.getLong(48);
                }
            }
            checkClaims(shown, record, entries, size, start, length, maxEntries);
            countRecords(channel, start, shown, maxEntries);
        }
    }

    private static void checkClaims(String shown, String record, long entries, long size, long start, long length,
                                    int maxEntries) {
        String claims = shown + " " + record + " claims ";
        if (entries < 0 || entries > maxEntries) {
            throw new InvalidContentException(claims + Long.toUnsignedString(entries) + " entries, more than the limit of "
                    + maxEntries + " (worker.extraction.max-entries)");
        }
        if (size < 0 || size > length) {
            throw new InvalidContentException(claims + "a central directory of " + Long.toUnsignedString(size)
                    + " bytes, larger than the file (" + length + " bytes)");
        }
        long mostRecords = (long) maxEntries * (CENTRAL_HEADER_LENGTH + MAX_RECORD_VARIABLE_BYTES);
        if (size > mostRecords) {
            throw new InvalidContentException(claims + "a central directory of " + size + " bytes, more than "
                    + maxEntries + " records (worker.extraction.max-entries) of at most "
                    + (CENTRAL_HEADER_LENGTH + MAX_RECORD_VARIABLE_BYTES) + " bytes each");
        }
        if (start < 0 || start > length - size) {
            throw new InvalidContentException(claims + "a central directory of " + size + " bytes at offset "
                    + Long.toUnsignedString(start) + ", beyond the end of the file (" + length + " bytes)");
        }
        if (entries * CENTRAL_HEADER_LENGTH > size) {
            throw new InvalidContentException(claims + entries + " entries in a central directory of " + size
                    + " bytes; each entry takes at least " + CENTRAL_HEADER_LENGTH + " bytes");
        }
    }

    /** Counts the records as the parser will read them: one after the other while the signature matches. */
    private static void countRecords(FileChannel channel, long start, String shown, int maxEntries) throws IOException {
        channel.position(start);
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
        ByteBuffer header = ByteBuffer.allocate(CENTRAL_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (int count = 0; ; count++) {
            if (count % INTERRUPTION_CHECK_EVERY == 0 && Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException(shown + ": interrupted while reading its central directory");
            }
            if (in.readNBytes(header.array(), 0, CENTRAL_HEADER_LENGTH) < CENTRAL_HEADER_LENGTH
                    || header.getInt(0) != CENTRAL_HEADER_SIGNATURE) {
                return;
            }
            if (count == maxEntries) {
                throw new InvalidContentException(shown + " holds more entries in its central directory than the limit of "
                        + maxEntries + " (worker.extraction.max-entries)");
            }
            int nameLength = Short.toUnsignedInt(header.getShort(28));
            int extraLength = Short.toUnsignedInt(header.getShort(30));
            int commentLength = Short.toUnsignedInt(header.getShort(32));
            byte[] name = in.readNBytes(nameLength);
            if (nameLength > EntryPaths.MAX_PATH_BYTES) {
                throw EntryPaths.refused(new String(name, StandardCharsets.UTF_8), "has a name of " + nameLength
                        + " bytes, more than the limit of " + EntryPaths.MAX_PATH_BYTES);
            }
            int variable = nameLength + extraLength + commentLength;
            if (variable > MAX_RECORD_VARIABLE_BYTES) {
                throw EntryPaths.refused(new String(name, StandardCharsets.UTF_8), "has a central directory record of "
                        + variable + " bytes (name, extra field and comment), more than the limit of "
                        + MAX_RECORD_VARIABLE_BYTES);
            }
            byte[] extra = in.readNBytes(extraLength);
            try {
                in.skipNBytes(commentLength);
            } catch (EOFException e) {
                return;
            }
            checkLocalHeader(channel, localHeaderOffset(header, extra), name);
        }
    }

    /**
     * Refuses a local header whose name and extra field take more than {@link #MAX_RECORD_VARIABLE_BYTES}: the parser
     * reads the local extra field of every entry too. A record that does not lead to a local header is left to the
     * parser, which reports the archive corrupt.
     */
    private static void checkLocalHeader(FileChannel channel, long offset, byte[] name) throws IOException {
        if (offset < 0 || offset > channel.size() - LOCAL_HEADER_LENGTH) {
            return;
        }
        ByteBuffer local = read(channel, offset, LOCAL_HEADER_LENGTH);
        if (local.getInt(0) != LOCAL_HEADER_SIGNATURE) {
            return;
        }
        int variable = Short.toUnsignedInt(local.getShort(26)) + Short.toUnsignedInt(local.getShort(28));
        if (variable > MAX_RECORD_VARIABLE_BYTES) {
            throw EntryPaths.refused(new String(name, StandardCharsets.UTF_8), "has a local header of " + variable
                    + " bytes (name and extra field), more than the limit of " + MAX_RECORD_VARIABLE_BYTES);
        }
    }

    /** The offset of a record's local header: in the record, or in its zip64 extra field when too large for 32 bits. */
    private static long localHeaderOffset(ByteBuffer header, byte[] extra) {
        long offset = Integer.toUnsignedLong(header.getInt(42));
        if (offset != ZIP64_MARKER) {
            return offset;
        }
        ByteBuffer fields = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        while (fields.remaining() >= 4) {
            int id = Short.toUnsignedInt(fields.getShort());
            int size = Short.toUnsignedInt(fields.getShort());
            if (size > fields.remaining()) {
                return -1;
            }
            if (id == ZIP64_EXTRA_ID) {
                // The zip64 field holds, in this order, only the values the record marks as too large.
                int skip = (Integer.toUnsignedLong(header.getInt(24)) == ZIP64_MARKER ? 8 : 0)
                        + (Integer.toUnsignedLong(header.getInt(20)) == ZIP64_MARKER ? 8 : 0);
                return size >= skip + 8 ? fields.getLong(fields.position() + skip) : -1;
            }
            fields.position(fields.position() + size);
        }
        return -1;
    }

    /** The position of the last end-of-central-directory signature in the tail, or -1. */
    private static int lastEndRecord(ByteBuffer tail) {
        for (int i = tail.limit() - EOCD_LENGTH; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIGNATURE) {
                return i;
            }
        }
        return -1;
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("end of file at " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }
}
