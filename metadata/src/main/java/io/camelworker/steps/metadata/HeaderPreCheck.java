package io.camelworker.steps.metadata;

import io.camelworker.confinement.OpenedFile;
import io.camelworker.outcome.InvalidContentException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Runs, before a format library reads a file, the check of the sizes its header claims, on the channel the library then
 * reads (so the file checked is the file read): TIFF and BigTIFF
 * ({@link TiffHeaderCheck}), classic NetCDF ({@link NetcdfHeaderCheck}), PNG ({@link PngHeaderCheck}), RIFF/WebP
 * ({@link RiffHeaderCheck}), by the file's first bytes. JPEG and GIF pass: their readers hold nothing a header can
 * inflate (JPEG segments are at most 64 KiB, GIF blocks 255 bytes). A first line only: the parse itself runs in a
 * sandbox process, whose heap bounds what the formats this does not know (PSD, HEIF, ICO...) may claim.
 */
final class HeaderPreCheck {

    private HeaderPreCheck() {
    }

    /** Checks a file a sandbox process opened ({@link io.camelworker.confinement.AllowedRoots#openSame}). */
    static void check(String field, OpenedFile file, HeaderLimits limits) throws IOException {
        if (!(file.channel() instanceof FileChannel channel)) {
            throw new IllegalStateException("the file system gave no FileChannel for " + field);
        }
        check(field, channel, limits);
    }

    /**
     * @param field names the file in refusals, e.g. {@code files[0] 'x.tif'}
     * @throws InvalidContentException naming the file, the claim and the limit
     */
    static void check(String field, FileChannel file, HeaderLimits limits) throws IOException {
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
        } finally {
            // The format library reads the same channel from its start.
            file.position(0);
        }
    }
}
