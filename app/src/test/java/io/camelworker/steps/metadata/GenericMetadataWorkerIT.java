package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.camelworker.steps.metadata.MetadataWorkerIT.feature;
import static io.camelworker.steps.metadata.MetadataWorkerIT.file;
import static io.camelworker.steps.metadata.MetadataWorkerIT.newUrn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped route {@code routes/metadata-worker.camel.yaml} on the real broker: it extracts what it can from any
 * product, choosing files by what they are, not by their names, and answers SUCCESS; the request body is the bare
 * Feature or {@code {"feature":{...}}}.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class GenericMetadataWorkerIT {

    static final String TYPE = FakeWorkerManager.uniqueType("metadata-generic");
    static final String UPDATE_EXCHANGE = FakeWorkerManager.uniqueType("test.FeatureUpdateRequestEvent");
    static final String ANSWER_EXCHANGE = FakeWorkerManager.uniqueType("test.FeatureRequestEvent");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = products();

    static FakeWorkerManager manager;
    static FeatureManagerListener featureManager;

    @BeforeAll
    static void start() {
        manager = new FakeWorkerManager(TYPE);
        featureManager = new FeatureManagerListener(UPDATE_EXCHANGE, ANSWER_EXCHANGE);
    }

    @AfterAll
    static void stop() throws IOException {
        manager.close();
        featureManager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/metadata-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.files.allowed-roots", ROOT::toString);
        registry.add("worker.metadata.update-exchange", () -> UPDATE_EXCHANGE);
        registry.add("worker.metadata.answer-exchange", () -> ANSWER_EXCHANGE);
    }

    @Test
    void pngAsRawDataIsSuccessWithItsFileAndImageFacts() throws Exception {
        String urn = newUrn();

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(
                feature(urn, file("RAWDATA", "picture.png", url("picture.png"))).toString()));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        JsonNode feature = featureManager.awaitUpdates(urn, 1).get(0).body().path("feature");
        assertThat(feature.path("properties")).isEqualTo(JSON.readTree("""
                {"file_0":{"filename":"picture.png","size":%d,"md5":"%s","mime_type":"image/png","width":8,"height":6}}
                """.formatted(Files.size(ROOT.resolve("picture.png")), md5(ROOT.resolve("picture.png")))));
        assertThat(feature.has("geometry")).isFalse();
    }

    @Test
    void geoTiffAndNetCdfGiveTheFootprintAndTheirAttributesWhateverTheirNames() throws Exception {
        String urn = newUrn();
        ObjectNode product = feature(urn, file("DOCUMENT", "raster", url("raster")), file("RAWDATA", "cube.data", url("cube.data")),
                file("QUICKLOOK_SD", "ql", url("ql")));

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(product.toString()));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        JsonNode feature = featureManager.awaitUpdates(urn, 1).get(0).body().path("feature");
        JsonNode properties = feature.path("properties");
        assertThat(properties.at("/file_0/mime_type").asText()).isEqualTo("image/tiff");
        assertThat(properties.at("/file_0/format").asText()).isEqualTo("GeoTIFF");
        assertThat(properties.at("/file_0/description").asText()).isEqualTo("S2X MSI level-1 example");
        assertThat(properties.at("/file_0/width").asInt()).isEqualTo(40);
        assertThat(properties.at("/file_1/mime_type").asText()).isEqualTo("application/x-netcdf");
        assertThat(properties.at("/file_1/format").asText()).isEqualTo("NetCDF");
        assertThat(properties.at("/file_1/title").asText()).isEqualTo("S2X sea surface temperature example");
        assertThat(properties.at("/file_1/platform").asText()).isEqualTo("S2X");
        assertThat(properties.at("/file_1/start").asText()).isEqualTo("2024-01-15T10:30:21Z");
        assertThat(properties.at("/file_2/width").asInt()).isEqualTo(8);
        assertThat(properties.at("/file_2").has("format")).isFalse();
        assertThat(feature.path("geometry")).isEqualTo(JSON.readTree(
                "{\"type\":\"Polygon\",\"coordinates\":[[[1.0,43.5],[1.4,43.5],[1.4,44.0],[1.0,44.0],[1.0,43.5]]]}"));
    }

    @Test
    void plainTiffIsAnImageWithoutFootprint() throws Exception {
        String urn = newUrn();

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(
                feature(urn, file("RAWDATA", "scan.tif", url("scan.tif"))).toString()));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        JsonNode feature = featureManager.awaitUpdates(urn, 1).get(0).body().path("feature");
        assertThat(feature.at("/properties/file_0/width").asInt()).isEqualTo(5);
        assertThat(feature.at("/properties/file_0/height").asInt()).isEqualTo(3);
        assertThat(feature.has("geometry")).isFalse();
    }

    @Test
    void featureWrappedAsInWorkerManagerSenderItIsRead() throws Exception {
        String urn = newUrn();
        ObjectNode wrapped = JSON.createObjectNode();
        wrapped.set("feature", feature(urn, file("RAWDATA", "picture.png", url("picture.png"))));

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(wrapped.toString()));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(featureManager.awaitUpdates(urn, 1).get(0).body().at("/feature/properties/file_0/width").asInt()).isEqualTo(8);
    }

    @Test
    void workerManagerSenderFixtureHasNoUrnToPatchAndIsInvalidContentNamingIt() {
        // The payload of REGARDS' WorkerManagerSenderIT, as it is.
        String fixture = "{\"feature\": {\"id\": \"TEST:2020\", \"type\": \"Feature\",\"entityType\": \"DATA\", "
                + "\"model\": \"SWOT0001\", \"properties\": {\"data\": {\"type\": \"L0A_LR_Packet\"}}}}";

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(fixture));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().contains("field 'feature.urn'");
    }

    static Path products() {
        try {
            Path root = Files.createTempDirectory("metadata-generic").toRealPath();
            Path examples = Path.of("app/src/test/resources/metadata/products");
            Files.copy(examples.resolve(MetadataWorkerIT.PNG), root.resolve("picture.png"));
            Files.copy(examples.resolve(MetadataWorkerIT.PNG), root.resolve("ql"));
            Files.copy(examples.resolve(MetadataWorkerIT.TIF), root.resolve("raster"));
            Files.copy(examples.resolve(MetadataWorkerIT.NC), root.resolve("cube.data"));
            BufferedImage scan = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_GRAY);
            if (!ImageIO.write(scan, "tiff", root.resolve("scan.tif").toFile())) {
                throw new IllegalStateException("this JDK writes no TIFF");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String url(String name) {
        return ROOT.resolve(name).toUri().toString();
    }

    static String md5(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }
}
