package io.camelworker.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.camelworker.steps.metadata.GeospatialFactsTask;
import io.camelworker.steps.metadata.HeaderLimits;
import io.camelworker.steps.metadata.ImageFactsTask;
import io.camelworker.steps.metadata.MetadataProperties;
import io.camelworker.steps.metadata.SidecarValuesTask;
import org.junit.jupiter.api.AfterAll;

import java.util.List;

/**
 * Request bytes meet metadata extraction, one method per extractor, each through the sandbox task the metadata worker
 * runs: the image extractor ({@link ImageFactsTask}: the header pre-check, then metadata-extractor, whatever the
 * format), the geospatial one as GeoTIFF and as NetCDF ({@link GeospatialFactsTask}: the pre-check, then Apache SIS),
 * and the JSON and XML sidecars ({@link SidecarValuesTask}: Jackson; the JDK's parser without DTD, then XPath). The
 * limits are the defaults of {@code worker.metadata.*}. The corpus holds the product files of the metadata tests and
 * the header bombs of {@code HeaderPreCheckTest} and {@code MetadataSandboxProcessIT} (the 54-byte PSD claiming
 * 1.8 GB, TIFF strips and tiles, BigTIFF entries, PNG and WebP chunks, NetCDF names and data). Invariants and the choice
 * of in-process (campaign) or sandboxed (replay) parsing: {@link ParserBoundary}.
 */
class MetadataFuzzTest {

    private static final ParserBoundary BOUNDARY = new ParserBoundary("metadata-fuzz");
    private static final HeaderLimits LIMITS = new MetadataProperties().headerLimits();
    private static final long MAX_SIDECAR = new MetadataProperties().getMaxSidecarSize().toBytes();
    private static final List<String> ATTRIBUTES = List.of("attribute:ImageDescription", "attribute:platform",
            "attribute:sst/units");

    @AfterAll
    static void close() {
        BOUNDARY.close();
    }

    @FuzzTest(maxDuration = "2m")
    void imageFacts(byte[] input) {
        BOUNDARY.parse(input, "input.jpg", ImageFactsTask.class,
                file -> new ImageFactsTask.Input("files[0] 'input.jpg'", file, LIMITS));
    }

    @FuzzTest(maxDuration = "2m")
    void geoTiffFacts(byte[] input) {
        geospatial(input, "input.tif", "GeoTIFF");
    }

    @FuzzTest(maxDuration = "2m")
    void netcdfFacts(byte[] input) {
        geospatial(input, "input.nc", "NetCDF");
    }

    @FuzzTest(maxDuration = "2m")
    void jsonSidecar(byte[] input) {
        sidecar(input, "input.json", false, List.of("/quality/cloudCover", "/a/0/b", ""));
    }

    @FuzzTest(maxDuration = "2m")
    void xmlSidecar(byte[] input) {
        sidecar(input, "input.xml", true, List.of("/product/quality/cloudCover", "count(//*)", "//@id", "string(/*)"));
    }

    private static void geospatial(byte[] input, String name, String format) {
        BOUNDARY.parse(input, name, GeospatialFactsTask.class, file -> new GeospatialFactsTask.Input(
                "files[0] '" + name + "'", file, LIMITS, format, "metadata:geospatial", ATTRIBUTES));
    }

    private static void sidecar(byte[] input, String name, boolean xml, List<String> sources) {
        BOUNDARY.parse(input, name, SidecarValuesTask.class, file -> new SidecarValuesTask.Input(
                "files[0] 'input' sidecar '" + name + "'", file, MAX_SIDECAR, xml, sources));
    }
}
