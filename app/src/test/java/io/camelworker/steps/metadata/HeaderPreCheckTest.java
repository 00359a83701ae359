package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.camelworker.steps.metadata.CraftedHeaders.Entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What file headers may claim before Apache SIS or metadata-extractor reads them: crafted TIFF, PNG and NetCDF files
 * of a few hundred bytes, each claiming more than the file holds or the limits allow, are refused naming the file,
 * the claim and the limit; real files pass.
 */
class HeaderPreCheckTest {

    static final HeaderLimits LIMITS = new MetadataProperties().headerLimits();
    static final String FIELD = "files[0] 'x'";

    @TempDir
    Path dir;

    @Test
    void tiffWhoseStripOffsetsClaim2To30ValuesIsRefusedBeforeAnyReaderAllocatesThem() {
        byte[] tiff = CraftedHeaders.smallTiff(new Entry(273, 4, 1L << 30, 200));

        assertThat(tiff).hasSize(262);
        assertRefused(tiff, "files[0] 'x' is not a TIFF file the worker reads: IFD 0 tag 273 (StripOffsets) claims 1073741824 "
                + "values of 4 bytes (4294967296 bytes), more than worker.metadata.max-header-value-size (16777216 bytes)");
    }

    @Test
    void tiffWhoseTileOffsetsClaim2To28Long8ValuesIsRefused() {
        assertRefused(CraftedHeaders.smallTiff(new Entry(324, 16, 1L << 28, 200)),
                "IFD 0 tag 324 (TileOffsets) claims 268435456 values of 8 bytes (2147483648 bytes), more than "
                        + "worker.metadata.max-header-value-size");
    }

    @Test
    void tiffWhoseImageDescriptionClaims2To31CharactersIsRefused() {
        assertRefused(CraftedHeaders.smallTiff(new Entry(270, 2, 1L << 31, 200)),
                "IFD 0 tag 270 (ImageDescription) claims 2147483648 values of 1 bytes");
    }

    @Test
    void tiffTagWhoseValuesLieBeyondTheFileIsRefused() {
        assertRefused(CraftedHeaders.smallTiff(new Entry(270, 2, 1000, 200)),
                "IFD 0 tag 270 (ImageDescription) claims 1000 values of 1 bytes (1000 bytes) at offset 200, beyond the file's 262 bytes");
    }

    @Test
    void tiffIfdClaimingMoreEntriesThanTheFileHoldsIsRefused() {
        byte[] tiff = CraftedHeaders.smallTiff();
        tiff[8] = (byte) 0xFF;
        tiff[9] = (byte) 0xFF;

        assertRefused(tiff, "IFD 0 claims 65535 entries (786424 bytes at offset 10), beyond the file's 262 bytes");
    }

    @Test
    void tiffWhoseIfdsLoopIsRefused() {
        assertRefused(CraftedHeaders.tiff(262, 8, new Entry(256, 3, 1, 1)), "IFD 1 at offset 8 is an IFD already read: the IFDs loop");
    }

    @Test
    void bigTiffClaiming2To40EntriesIsRefusedOnTheEntryLimit() {
        assertRefused(CraftedHeaders.bigTiffClaimingEntries(1L << 40), "IFD 0 claims 1099511627776 entries, more than "
                + "worker.metadata.max-header-entries (100000) in all");
    }

    @Test
    void tiffClaimingAbsurdDimensionsIsRefusedOnThePixelLimit() {
        byte[] tiff = CraftedHeaders.tiff(262, 0, new Entry(256, 4, 1, 1L << 21), new Entry(257, 4, 1, 1L << 21));

        assertRefused(tiff, "IFD 0 claims an image of 2097152 x 2097152 pixels, more than worker.metadata.max-image-pixels (1000000000000)");
    }

    @Test
    void tiffClaimingThousandsOfBandsIsRefusedOnTheBandLimit() {
        // Fuzzing found it: Apache SIS compares each band with every earlier one; 9,217 bands took 28 s of CPU.
        byte[] tiff = CraftedHeaders.tiff(262, 0, new Entry(256, 3, 1, 4), new Entry(257, 3, 1, 4), new Entry(277, 3, 1, 9217));

        assertRefused(tiff, "IFD 0 claims 9217 bands (SamplesPerPixel), more than worker.metadata.max-image-bands (1024)");
    }

    @Test
    void pngChunkClaimingMoreThanTheFileIsRefused() {
        byte[] png = CraftedHeaders.png(8, 6, "zTXt", 0x7FFF_FFFFL);

        assertThat(png.length).isLessThan(100);
        assertRefused(png, "is not a PNG file the worker reads: chunk zTXt at offset 33 claims 2147483647 bytes, beyond the file's");
    }

    @Test
    void pngClaimingAbsurdDimensionsIsRefused() {
        assertRefused(CraftedHeaders.png(0x7FFF_FFFF, 0x7FFF_FFFF, null, 0),
                "IHDR claims an image of 2147483647 x 2147483647 pixels, more than worker.metadata.max-image-pixels");
    }

    @Test
    void webpExifChunkClaiming2GigabytesIsRefused() {
        java.nio.ByteBuffer webp = java.nio.ByteBuffer.allocate(40).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        webp.put("RIFF".getBytes()).putInt(32).put("WEBP".getBytes()).put("EXIF".getBytes()).putInt(0x7FFF_FFF0);

        assertRefused(webp.array(), "is not a RIFF (WebP) file the worker reads: chunk 'EXIF' at offset 12 claims 2147483632 bytes, "
                + "more than worker.metadata.max-header-value-size");
    }

    @Test
    void netcdfNameClaiming2To31BytesIsRefused() {
        assertRefused(CraftedHeaders.netcdf(1L << 31, 10, 120),
                "is not a NetCDF file the worker reads: dimension 0 name claims 2147483648 values of 1 bytes, more than "
                        + "worker.metadata.max-header-value-size");
    }

    @Test
    void netcdfVariableWhoseDimensionsClaimMoreDataThanTheFileIsRefused() {
        assertRefused(CraftedHeaders.netcdf(1, 1L << 30, 120),
                "variable 0 claims 8589934592 bytes of data from offset 120, beyond the file's 200 bytes");
    }

    @Test
    void wellFormedFilesPass() throws IOException {
        assertThatCode(() -> check(CraftedHeaders.smallTiff())).doesNotThrowAnyException();
        assertThatCode(() -> check(CraftedHeaders.png(8, 6, "tEXt", 1))).doesNotThrowAnyException();
        assertThatCode(() -> check(CraftedHeaders.netcdf(1, 10, 120))).doesNotThrowAnyException();
        Path products = Path.of("app/src/test/resources/metadata/products");
        for (String name : new String[] {MetadataWorkerIT.TIF, MetadataWorkerIT.NC, MetadataWorkerIT.PNG}) {
            assertThatCode(() -> check(products.resolve(name))).as(name).doesNotThrowAnyException();
        }
    }

    @Test
    void theFormatLibraryReadsTheCheckedChannelFromItsStart() throws IOException {
        Path png = Files.write(dir.resolve("x.png"), CraftedHeaders.png(8, 6, "tEXt", 1));
        try (FileChannel channel = FileChannel.open(png)) {
            HeaderPreCheck.check(FIELD, channel, LIMITS);

            assertThat(channel.position()).isZero();
        }
    }

    private void assertRefused(byte[] file, String message) {
        assertThatThrownBy(() -> check(file)).isInstanceOf(InvalidContentException.class).hasMessageContaining(message)
                .hasMessageStartingWith(FIELD);
    }

    private void check(byte[] file) throws IOException {
        check(Files.write(Files.createTempFile(dir, "crafted", ".bin"), file));
    }

    private static void check(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path)) {
            HeaderPreCheck.check(FIELD, channel, LIMITS);
        }
    }
}
