package io.camelworker.steps.metadata;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.outcome.InvalidContentException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The parses the metadata steps hand to a sandbox process, run here directly as the process runs them: each opens the
 * file the worker opened by its identity (no path, no copy), runs the header pre-check on that descriptor, parses it
 * from there, and returns plain values from which the worker's mapping gives what it gave when it parsed them itself.
 * The hostile files are not parsed here, in the test's heap: see {@link MetadataSandboxProcessIT}.
 */
class ExtractionTasksTest {

    static final HeaderLimits LIMITS = new MetadataProperties().headerLimits();

    @TempDir
    Path dir;
    Path root;
    AllowedRoots roots;

    @BeforeEach
    void products() throws Exception {
        root = dir.toRealPath();
        for (String name : List.of(MetadataWorkerIT.TIF, MetadataWorkerIT.NC, MetadataWorkerIT.PNG, MetadataWorkerIT.SIDECAR)) {
            Files.copy(Path.of("app/src/test/resources/metadata/products", name), root.resolve(name));
        }
        roots = new AllowedRoots(List.of(root));
    }

    @Test
    void imageFactsAreReadFromTheOpenedFile() throws Exception {
        ExtractedValues facts;
        try (OpenedFile png = open(MetadataWorkerIT.PNG)) {
            facts = new ImageFactsTask().run(new ImageFactsTask.Input("files[0] 'ql.png'", png.identity(), LIMITS));
        }

        assertThat(facts.values().get("width").longValue()).isEqualTo(8);
        assertThat(facts.values().get("height").longValue()).isEqualTo(6);
        assertThat(facts.values().get("PNG-IHDR/Bits Per Sample").longValue()).isEqualTo(8);
    }

    @Test
    void geoTiffFactsAreReadBySisFromTheOpenedChannel() throws Exception {
        ExtractedValues facts;
        try (OpenedFile tif = open(MetadataWorkerIT.TIF)) {
            facts = new GeospatialFactsTask().run(new GeospatialFactsTask.Input("files[0] 'x.tif'", tif.identity(), LIMITS,
                    "GeoTIFF", "metadata:geospatial", List.of("attribute:ImageDescription", "attribute:ImageWidth")));
        }

        assertThat(facts.number("west")).isEqualTo(1.0);
        assertThat(facts.number("east")).isEqualTo(1.04);
        assertThat(facts.number("south")).isEqualTo(43.97);
        assertThat(facts.number("north")).isEqualTo(44.0);
        assertThat(facts.values().get("format").asText()).isEqualTo("GeoTIFF");
        assertThat(facts.values().get("attribute:ImageDescription").asText()).isEqualTo("S2X MSI level-1 example");
        assertThat(facts.values().get("attribute:ImageWidth").asLong()).isEqualTo(40);
    }

    @Test
    void netcdfFactsAreReadBySisFromTheOpenedChannel() throws Exception {
        ExtractedValues facts;
        try (OpenedFile nc = open(MetadataWorkerIT.NC)) {
            facts = new GeospatialFactsTask().run(new GeospatialFactsTask.Input("files[1] 'x.nc'", nc.identity(), LIMITS,
                    "NetCDF", "metadata:geospatial", List.of("attribute:platform", "attribute:sst/units")));
        }

        assertThat(facts.values().get("title").asText()).isEqualTo("S2X sea surface temperature example");
        assertThat(facts.values().get("start").asText()).isEqualTo("2024-01-15T10:30:21Z");
        assertThat(facts.values().get("attribute:platform").asText()).isEqualTo("S2X");
        assertThat(facts.values().get("attribute:sst/units").asText()).isEqualTo("K");
    }

    @Test
    void aFileOfAnotherFormatThanTheStepExpectsIsRefusedNamingIt() throws Exception {
        try (OpenedFile png = open(MetadataWorkerIT.PNG)) {
            GeospatialFactsTask.Input input = new GeospatialFactsTask.Input("files[0] 'fake.tif'", png.identity(), LIMITS,
                    "GeoTIFF", "metadata:geospatial", List.of());

            assertThatThrownBy(() -> new GeospatialFactsTask().run(input)).isInstanceOf(InvalidContentException.class)
                    .hasMessageStartingWith("files[0] 'fake.tif'").hasMessageContaining("GeoTIFF");
        }
    }

    @Test
    void theHeaderPreCheckRunsOnTheDescriptorTheParseReads() throws Exception {
        Files.write(root.resolve("crafted.tif"), CraftedHeaders.smallTiff(new CraftedHeaders.Entry(273, 4, 1L << 30, 200)));
        try (OpenedFile crafted = open("crafted.tif")) {
            ImageFactsTask.Input input = new ImageFactsTask.Input("files[0] 'crafted.tif'", crafted.identity(), LIMITS);

            assertThatThrownBy(() -> new ImageFactsTask().run(input)).isInstanceOf(InvalidContentException.class)
                    .hasMessageStartingWith("files[0] 'crafted.tif' is not a TIFF file the worker reads: IFD 0 tag 273");
        }
    }

    @Test
    void sidecarValuesAreTheNodesOfTheirJsonPointers() throws Exception {
        ExtractedValues values;
        try (OpenedFile sidecar = open(MetadataWorkerIT.SIDECAR)) {
            values = new SidecarValuesTask().run(new SidecarValuesTask.Input("sidecar", sidecar.identity(), 1024 * 1024,
                    false, List.of("/quality/cloudCover", "/quality/valid", "/nothing/here")));
        }

        assertThat(values.values().get("/quality/cloudCover").doubleValue()).isEqualTo(12.5);
        assertThat(values.values().get("/quality/valid").booleanValue()).isTrue();
        assertThat(values.values()).doesNotContainKey("/nothing/here");
    }

    @Test
    void xmlSidecarWithADoctypeIsRefused() throws Exception {
        Files.writeString(root.resolve("x.xml"), "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>");
        try (OpenedFile sidecar = open("x.xml")) {
            SidecarValuesTask.Input input = new SidecarValuesTask.Input("files[0] 'x' sidecar 'x.xml'", sidecar.identity(), 1024,
                    true, List.of("/a"));

            assertThatThrownBy(() -> new SidecarValuesTask().run(input)).isInstanceOf(InvalidContentException.class)
                    .hasMessageStartingWith("files[0] 'x' sidecar 'x.xml' is not valid XML");
        }
    }

    @Test
    void xmlSidecarValuesAreTheTextOfTheirXPaths() throws Exception {
        Files.writeString(root.resolve("x.xml"), "<product><quality><cloudCover> 7.5 </cloudCover></quality></product>");
        ExtractedValues values;
        try (OpenedFile sidecar = open("x.xml")) {
            values = new SidecarValuesTask().run(new SidecarValuesTask.Input("sidecar", sidecar.identity(), 1024, true,
                    List.of("/product/quality/cloudCover", "count(//quality)")));
        }

        assertThat(values.values().get("/product/quality/cloudCover").asText()).isEqualTo("7.5");
        assertThat(values.values().get("count(//quality)").asText()).isEqualTo("1");
    }

    private OpenedFile open(String name) throws Exception {
        return roots.openRegularFile("files[0]", root.resolve(name).toUri().toString());
    }
}
