package io.camelworker.steps.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds the archives of the tests, honest and hostile, with java.util.zip and commons-compress. */
final class TestArchives {

    private TestArchives() {
    }

    /** A product tree: files at the top, in nested directories, and an empty directory. */
    static Map<String, byte[]> productTree() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("readme.txt", text("a product\n"));
        entries.put("data/", null);
        entries.put("data/level1/measures.csv", text("t,v\n1,2\n3,4\n"));
        entries.put("data/level1/level2/raw.bin", bytes(200_000, 7));
        entries.put("data/empty/", null);
        entries.put("quicklooks/ql.png", bytes(5_000, 11));
        return entries;
    }

    /** A zip of entries (null content = directory), deflated. */
    static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                if (entry.getValue() != null) {
                    zip.write(entry.getValue());
                }
                zip.closeEntry();
            }
        }
        return file;
    }

    static Path zipOf(Path file, String name, byte[] content) throws IOException {
        return zip(file, Map.of(name, content));
    }

    /** A tar or tar.gz of entries (null content = directory). */
    static Path tar(Path file, boolean gzip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = gzip ? new GzipCompressorOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
                if (entry.getValue() != null) {
                    tarEntry.setSize(entry.getValue().length);
                }
                tar.putArchiveEntry(tarEntry);
                if (entry.getValue() != null) {
                    tar.write(entry.getValue());
                }
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** A zip whose entry "link" is a unix symbolic link to /etc/passwd. */
    static Path zipWithSymlink(Path file) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            ZipArchiveEntry entry = new ZipArchiveEntry("link");
            entry.setUnixMode(0120777);
            zip.putArchiveEntry(entry);
            zip.write(text("/etc/passwd"));
            zip.closeArchiveEntry();
        }
        return file;
    }

    /** A tar whose entry "link" is a symbolic or a hard link to /etc/passwd. */
    static Path tarWithLink(Path file, boolean hard) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            TarArchiveEntry entry = new TarArchiveEntry("link", hard ? TarConstants.LF_LINK : TarConstants.LF_SYMLINK);
            entry.setLinkName("/etc/passwd");
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }
        return file;
    }

    /** A zip whose entry "secret.txt" is flagged encrypted (writers refuse to, so the flag is set afterwards). */
    static Path encryptedZip(Path file) throws IOException {
        zipOf(file, "secret.txt", bytes(1000, 3));
        byte[] zip = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 < zip.length; i++) {
            int signature = buffer.getInt(i);
            if (signature == 0x04034b50) {
                zip[i + 6] |= 1;
            } else if (signature == 0x02014b50) {
                zip[i + 8] |= 1;
            }
        }
        Files.write(file, zip);
        return file;
    }

    static Path manyEntries(Path file, int count) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put("f" + i + ".txt", text("file " + i));
        }
        return zip(file, entries);
    }

    /**
     * A zip bomb: one entry of {@code size} zero bytes (a deflate ratio near 1000), whose headers declare {@code 1000}
     * bytes when {@code lying}.
     */
    static Path bomb(Path file, int size, boolean lying) throws IOException {
        zipOf(file, "zeros.bin", new byte[size]);
        if (lying) {
            declareSize(file, 1000);
        }
        return file;
    }

    /** Rewrites the uncompressed size of every local and central header of a zip without data descriptors. */
    static void declareSize(Path file, int size) throws IOException {
        byte[] zip = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 < zip.length; i++) {
            int signature = buffer.getInt(i);
            if (signature == 0x04034b50) {
                buffer.putInt(i + 22, size);
            } else if (signature == 0x02014b50) {
                buffer.putInt(i + 24, size);
            }
        }
        Files.write(file, zip);
    }

    /** A zip of {@code count} empty files, written with zip64 records when more than 65535 (as any writer does). */
    static Path manyEmptyEntries(Path file, int count) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (int i = 0; i < count; i++) {
                zip.putNextEntry(new ZipEntry("f" + i));
                zip.closeEntry();
            }
        }
        return file;
    }

    /** A small zip of one file "a.txt", with zip64 records. */
    static Path zip64(Path file) throws IOException {
        return zip64(file, text("a"));
    }

    /** A zip of one file "a.txt" of this content, with zip64 records. */
    static Path zip64(Path file, byte[] content) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            zip.setUseZip64(org.apache.commons.compress.archivers.zip.Zip64Mode.Always);
            zip.putArchiveEntry(new ZipArchiveEntry("a.txt"));
            zip.write(content);
            zip.closeArchiveEntry();
        }
        return file;
    }

    /** A small zip with zip64 records, whose zip64 end record then claims these entries and central directory size. */
    static Path zip64Claiming(Path file, long entries, long centralDirectorySize) throws IOException {
        return claimZip64(zip64(file), entries, centralDirectorySize);
    }

    /** Rewrites the entry counts and central directory size of a zip's zip64 end record. */
    static Path claimZip64(Path file, long entries, long centralDirectorySize) throws IOException {
        byte[] zip = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int record = lastIndexOf(buffer, 0x06064b50);
        buffer.putLong(record + 24, entries);
        buffer.putLong(record + 32, entries);
        buffer.putLong(record + 40, centralDirectorySize);
        Files.write(file, zip);
        return file;
    }

    /**
     * An overlapping-entry bomb: {@code copies} central directory records, named {@code f0.bin...}, all pointing at the
     * one local entry of a zip of {@code size} zero bytes, so that they share its deflate stream.
     */
    static Path overlapping(Path file, int size, int copies) throws IOException {
        zipOf(file, "zeros.bin", new byte[size]);
        byte[] zip = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = lastIndexOf(buffer, 0x06054b50);
        int start = buffer.getInt(end + 16);
        byte[] record = java.util.Arrays.copyOfRange(zip, start, start + 46);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(zip, 0, start);
        for (int i = 0; i < copies; i++) {
            byte[] name = text("f" + i + ".bin");
            ByteBuffer header = ByteBuffer.wrap(record.clone()).order(ByteOrder.LITTLE_ENDIAN);
            header.putShort(28, (short) name.length).putShort(30, (short) 0).putShort(32, (short) 0);
            out.write(header.array());
            out.write(name);
        }
        int centralDirectorySize = out.size() - start;
        ByteBuffer eocd = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        eocd.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) copies).putShort((short) copies)
                .putInt(centralDirectorySize).putInt(start).putShort((short) 0);
        out.write(eocd.array());
        Files.write(file, out.toByteArray());
        return file;
    }

    /** Rewrites the entry counts of a zip's end of central directory record: a count that lies. */
    static Path claimEntries(Path file, int entries) throws IOException {
        byte[] zip = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int record = lastIndexOf(buffer, 0x06054b50);
        buffer.putShort(record + 8, (short) entries);
        buffer.putShort(record + 10, (short) entries);
        Files.write(file, zip);
        return file;
    }

    private static int lastIndexOf(ByteBuffer buffer, int signature) {
        for (int i = buffer.limit() - 4; i >= 0; i--) {
            if (buffer.getInt(i) == signature) {
                return i;
            }
        }
        throw new IllegalStateException("no signature " + Integer.toHexString(signature));
    }

    /** A tar of one entry of a special type (fifo, character or block device...). */
    static Path tarWithSpecial(Path file, byte type) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            tar.putArchiveEntry(new TarArchiveEntry("special", type));
            tar.closeArchiveEntry();
        }
        return file;
    }

    /**
     * A tar of one entry of {@code size} zero bytes, written as a sparse file: big to extract, nothing on disk. The
     * zeros after the header are the entry's data, then the two empty blocks that end a tar.
     */
    static Path sparseTar(Path file, String name, long size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header);
        try (java.io.RandomAccessFile tar = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            tar.write(header);
            tar.setLength(512 + (size + 511) / 512 * 512 + 1024);
        }
        return file;
    }

    /**
     * A zip of {@code count} stored entries {@code e0.bin...} of {@code size} zero bytes each (below 4 GB), written as a
     * sparse file: the entries' data are holes.
     */
    static Path sparseStoredZip(Path file, int count, long size) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] zeros = new byte[1 << 20];
        for (long done = 0; done < size; done += zeros.length) {
            crc.update(zeros, 0, (int) Math.min(zeros.length, size - done));
        }
        java.io.ByteArrayOutputStream central = new java.io.ByteArrayOutputStream();
        try (java.io.RandomAccessFile zip = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            long offset = 0;
            for (int i = 0; i < count; i++) {
                byte[] name = text("e" + i + ".bin");
                ByteBuffer local = ByteBuffer.allocate(30 + name.length).order(ByteOrder.LITTLE_ENDIAN);
                local.putInt(0x04034b50).putShort((short) 10).putShort((short) 0).putShort((short) 0).putInt(0)
                        .putInt((int) crc.getValue()).putInt((int) size).putInt((int) size)
                        .putShort((short) name.length).putShort((short) 0).put(name);
                zip.seek(offset);
                zip.write(local.array());
                ByteBuffer record = ByteBuffer.allocate(46 + name.length).order(ByteOrder.LITTLE_ENDIAN);
                record.putInt(0x02014b50).putShort((short) 20).putShort((short) 10).putShort((short) 0).putShort((short) 0)
                        .putInt(0).putInt((int) crc.getValue()).putInt((int) size).putInt((int) size)
                        .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putInt(0).putInt((int) offset).put(name);
                central.write(record.array());
                offset += local.capacity() + size;
            }
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) count).putShort((short) count)
                    .putInt(central.size()).putInt((int) offset).putShort((short) 0);
            zip.seek(offset);
            zip.write(central.toByteArray());
            zip.write(end.array());
        }
        return file;
    }

    /** The archive cut to half its length: a download that stopped. */
    static Path truncated(Path archive) throws IOException {
        byte[] content = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(content, content.length / 2));
        return archive;
    }

    /** Flips bytes in the middle of the archive (inside the data of a large entry). */
    static Path damaged(Path archive) throws IOException {
        byte[] content = Files.readAllBytes(archive);
        for (int i = content.length / 2; i < content.length / 2 + 64; i++) {
            content[i] ^= 0x5a;
        }
        Files.write(archive, content);
        return archive;
    }

    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Pseudo-random bytes (barely compressible), reproducible from the seed. */
    static byte[] bytes(int size, long seed) {
        byte[] content = new byte[size];
        new java.util.Random(seed).nextBytes(content);
        return content;
    }

    static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5(Path file) throws IOException {
        return md5(Files.readAllBytes(file));
    }
}
