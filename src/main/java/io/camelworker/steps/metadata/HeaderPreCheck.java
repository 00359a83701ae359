package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Runs, before a format library reads a local file, the check of the sizes its header claims: TIFF and BigTIFF
 * ({@link TiffHeaderCheck}), classic NetCDF ({@link NetcdfHeaderCheck}), PNG ({@link PngHeaderCheck}), RIFF/WebP
 * ({@link RiffHeaderCheck}), by the file's first bytes. JPEG and GIF pass: their readers hold nothing a header can
 * inflate (JPEG segments are at most 64 KiB, GIF blocks 255 bytes).
 */
final class HeaderPreCheck {

    private HeaderPreCheck() {
    }

    /**
     * @param field names the file in refusals, e.g. {@code files[0] 'x.tif'}
     * @throws InvalidContentException naming the file, the claim and the limit
     */
    static void check(String field, Path path, HeaderLimits limits) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(8);
            while (head.hasRemaining() && file.read(head, head.position()) > 0) {
                // the first bytes, or fewer in a tiny file
            }
            byte[] magic = java.util.Arrays.copyOf(head.array(), head.position());
            try {
                if (TiffHeaderCheck.isTiff(magic)) {
                    TiffHeaderCheck.check(field, file, limits);
                } else if (NetcdfHeaderCheck.isNetcdf(magic)) {
                    NetcdfHeaderCheck.check(field, file, limits);
                } else if (PngHeaderCheck.isPng(magic)) {
                    PngHeaderCheck.check(field, file, limits);
                } else if (RiffHeaderCheck.isRiff(magic)) {
                    RiffHeaderCheck.check(field, file, limits);
                }
            } catch (EOFException e) {
                throw new InvalidContentException(field + " has a header cut short by the end of the file");
            }
        }
    }
}
