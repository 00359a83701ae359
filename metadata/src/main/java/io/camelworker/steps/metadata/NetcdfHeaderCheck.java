package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.storage.Interruptions;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks what a classic NetCDF file (CDF-1, CDF-2, CDF-5) claims before Apache SIS reads it, reading its header only:
 * the number of dimensions, attributes and variables within {@link HeaderLimits#maxEntries()}, every name and attribute
 * value within {@link HeaderLimits#maxValueSize()} and inside the file, every dimension id valid, and the data every
 * variable's dimensions claim (lengths × type size, from its {@code begin}) inside the file: SIS allocates what the
 * header declares, coordinate variables included.
 */
final class NetcdfHeaderCheck {

    private static final int DIMENSION = 0x0A;
    private static final int VARIABLE = 0x0B;
    private static final int ATTRIBUTE = 0x0C;

    private final String field;
    private final HeaderLimits limits;
    private final long size;
    private final DataInputStream in;
    private final boolean wide;
    private final int version;
    private long position;
    private long entries;

    private NetcdfHeaderCheck(String field, FileChannel file, HeaderLimits limits) throws IOException {
        this.field = field;
        this.limits = limits;
        this.size = file.size();
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(file.position(0)), 8192));
        byte[] magic = bytes(4, "the magic number");
        this.version = magic[3];
        this.wide = version == 5;
    }

    /** Whether the first bytes are a classic NetCDF header. */
    static boolean isNetcdf(byte[] head) {
        return head.length >= 4 && head[0] == 'C' && head[1] == 'D' && head[2] == 'F' && (head[3] == 1 || head[3] == 2 || head[3] == 5);
    }

    /** @throws InvalidContentException naming the file, the claim and the limit */
    static void check(String field, FileChannel file, HeaderLimits limits) throws IOException {
        new NetcdfHeaderCheck(field, file, limits).check();
    }

    private void check() throws IOException {
        long records = count("numrecs");
        boolean streaming = !wide && records == 0xFFFFFFFFL;
        List<Long> dimensions = new ArrayList<>();
        long recordDimension = -1;
        for (long i = 0, n = list(DIMENSION, "dimensions"); i < n; i++) {
            name("dimension " + i);
            long length = count("dimension " + i + " length");
            if (length == 0) {
                recordDimension = i;
            }
            dimensions.add(length);
        }
        attributes("global attribute");
        for (long v = 0, n = list(VARIABLE, "variables"); v < n; v++) {
            String variable = "variable " + v;
            name(variable);
            long rank = count(variable + " rank");
            entry(rank, variable + " dimensions");
            long elements = 1;
            boolean record = false;
            for (long d = 0; d < rank; d++) {
                long id = count(variable + " dimension id");
                if (id >= dimensions.size()) {
                    throw refused(variable + " names dimension " + id + " of " + dimensions.size());
                }
                long length = id == recordDimension ? (streaming ? 1 : records) : dimensions.get((int) id);
                record |= id == recordDimension;
                elements = Math.multiplyHigh(elements, length) != 0 ? Long.MAX_VALUE : elements * length;
                if (elements < 0) {
                    elements = Long.MAX_VALUE;
                }
            }
            attributes(variable + " attribute");
            int type = in.readInt();
            position += 4;
            count(variable + " vsize");
            long begin = version == 1 ? Integer.toUnsignedLong(in.readInt()) : in.readLong();
            position += version == 1 ? 4 : 8;
            long bytes = Math.multiplyHigh(elements, typeSize(type)) != 0 ? Long.MAX_VALUE : elements * typeSize(type);
            if (bytes < 0 || (!record && (begin < 0 || begin > size || bytes > size - begin))) {
                throw refused(variable + " claims " + (bytes < 0 || bytes == Long.MAX_VALUE ? "more than 2^63" : bytes)
                        + " bytes of data from offset " + begin + ", beyond the file's " + size + " bytes");
            }
        }
    }

    /** Reads a list header: ABSENT, or its tag and element count. */
    private long list(int expected, String what) throws IOException {
        int tag = in.readInt();
        position += 4;
        long n = count(what);
        if (tag == 0 && n == 0) {
            return 0;
        }
        if (tag != expected) {
            throw refused("the " + what + " list has tag " + tag + ", expected " + expected);
        }
        entry(n, what);
        return n;
    }

    private void attributes(String what) throws IOException {
        for (long i = 0, n = list(ATTRIBUTE, what + "s"); i < n; i++) {
            name(what + " " + i);
            int type = in.readInt();
            position += 4;
            long values = count(what + " " + i + " length");
            skipValue(values, typeSize(type), what + " " + i + " value");
        }
    }

    private void name(String what) throws IOException {
        skipValue(count(what + " name length"), 1, what + " name");
    }

    private void skipValue(long values, int typeSize, String what) throws IOException {
        Interruptions.check("checking " + field);
        long bytes = Math.multiplyHigh(values, typeSize) != 0 ? -1 : values * typeSize;
        if (bytes < 0 || bytes > limits.maxValueSize()) {
            throw refused(what + " claims " + values + " values of " + typeSize + " bytes, more than "
                    + HeaderLimits.VALUE_SIZE + " (" + limits.maxValueSize() + " bytes)");
        }
        long padded = (bytes + 3) & ~3L;
        if (position + padded > size) {
            throw refused(what + " claims " + bytes + " bytes at offset " + position + ", beyond the file's " + size + " bytes");
        }
        in.skipNBytes(padded);
        position += padded;
    }

    private void entry(long n, String what) {
        entries += n;
        if (n < 0 || entries > limits.maxEntries()) {
            throw refused("the header claims " + n + " " + what + ", more than " + HeaderLimits.ENTRIES + " ("
                    + limits.maxEntries() + ") in all");
        }
    }

    /** A NON_NEG count: 4 bytes, 8 in CDF-5. */
    private long count(String what) throws IOException {
        try {
            long value = wide ? in.readLong() : Integer.toUnsignedLong(in.readInt());
            position += wide ? 8 : 4;
            return value;
        } catch (EOFException e) {
            throw refused(what + " is cut short by the end of the file");
        }
    }

    private byte[] bytes(int n, String what) throws IOException {
        byte[] bytes = new byte[n];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw refused(what + " is cut short by the end of the file");
        }
        position += n;
        return bytes;
    }

    private static int typeSize(int type) {
        return switch (type) {
            case 3, 8 -> 2;
            case 4, 5, 9 -> 4;
            case 6, 10, 11 -> 8;
            default -> 1;
        };
    }

    private InvalidContentException refused(String claim) {
        return new InvalidContentException(field + " is not a NetCDF file the worker reads: " + claim);
    }
}
