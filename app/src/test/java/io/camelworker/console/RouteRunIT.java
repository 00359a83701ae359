package io.camelworker.console;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/run-route}: the shipped routes and one of the tests' run on request files, without a broker (the broker
 * setting points at a port that records connections), printing what the manager would receive.
 */
class RouteRunIT {

    private static final String NL = System.lineSeparator();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    private int run(String... args) {
        return new RouteRun(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args, Map.of());
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDeleteFilesRouteOnARequestFileAnswersSuccessWithTheDecodedContent() throws Exception {
        Path root = Files.createDirectory(temp.toRealPath().resolve("data"));
        Path present = Files.writeString(root.resolve("a.txt"), "hello");
        Path request = Files.writeString(temp.resolve("request.json"),
                "{\"urls\":[\"file://" + present + "\",\"file://" + root.resolve("b.txt") + "\"]}");
        try (BrokerTrap broker = new BrokerTrap()) {
            int status = run("--routes", "routes/delete-files-worker.camel.yaml", "--body", request.toString(),
                    "--worker.files.allowed-roots=" + root, broker.portSetting());
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(status).isEqualTo(RouteRun.SUCCESS);
            assertThat(printed()).endsWith("SUCCESS" + NL + "  content={\"deleted\":[\"file://" + present + "\"],\"absent\":"
                    + "[\"file://" + root.resolve("b.txt") + "\"],\"skipped\":[]}" + NL);
            assertThat(present).doesNotExist();
            assertThat(broker.connectedTo()).as("a connection to the broker's port").isFalse();
        }
    }

    @Test
    void aRequestTheRouteRefusesPrintsItsInvalidContentMessage() throws Exception {
        Path root = Files.createDirectory(temp.toRealPath().resolve("data"));
        try (BrokerTrap broker = new BrokerTrap()) {
            int status = run("--routes", "routes/delete-files-worker.camel.yaml", "--json", "{\"urls\":[\"file:///etc/passwd\"]}",
                    "--worker.files.allowed-roots=" + root, broker.portSetting());
            assertThat(status).isEqualTo(RouteRun.FAILED);
            assertThat(printed()).endsWith("INVALID_CONTENT messages=[\"urls[0] 'file:///etc/passwd' is outside the allowed "
                    + "roots [" + root + "]\"]" + NL);
            assertThat(Path.of("/etc/passwd")).exists();
            assertThat(broker.connectedTo()).as("a connection to the broker's port").isFalse();
        }
    }

    @Test
    void theNewRequestARouteSubmitsIsShownBeforeTheAnswerAndItsAdditionalHeaders() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String newRequestId = UUID.nameUUIDFromBytes((requestId + "/author-loop-next/1").getBytes(StandardCharsets.UTF_8))
                .toString();
        try (BrokerTrap broker = new BrokerTrap()) {
            int status = run("--routes", "app/src/test/resources/author-routes/chain.camel.yaml", "--json", "{\"product\":\"p1\"}",
                    "--request-id", requestId, "--tenant", "project2", broker.portSetting());
            assertThat(status).isEqualTo(RouteRun.SUCCESS);
            assertThat(printed()).endsWith("new request " + newRequestId + " submitted (content type author-loop-next, "
                    + "tenant project2): {\"product\":\"p1\"}" + NL
                    + "SUCCESS" + NL
                    + "  additionalHeaders={\"step\":\"next\"}" + NL
                    + "  content={\"submitted\":\"" + newRequestId + "\"}" + NL);
            assertThat(broker.connectedTo()).as("a connection to the broker's port").isFalse();
        }
    }

    @Test
    void theMetadataRouteShowsTheFeatureManagerUpdateItPublishes() throws Exception {
        Path root = Files.createDirectory(temp.toRealPath().resolve("data"));
        String name = "S2X_MSI_20240115T103021_O01234_ql.png";
        Path image = Files.copy(Path.of("app/src/test/resources/metadata/products", name), root.resolve(name));
        ObjectNode feature = JsonMapper.builder().build().createObjectNode().put("type", "Feature")
                .put("id", "S2X_MSI_20240115T103021_O01234").put("urn", "URN:FEATURE:DATA:project1:" + UUID.randomUUID() + ":V1")
                .put("entityType", "DATA").put("model", "EO_PRODUCT");
        feature.putNull("geometry");
        feature.putObject("properties");
        ObjectNode file = feature.putArray("files").addObject();
        file.putArray("locations").addObject().putNull("storage").put("url", image.toUri().toString());
        file.putObject("attributes").put("dataType", "QUICKLOOK_SD").put("filename", name)
                .put("mimeType", "application/octet-stream").put("filesize", Files.size(image)).put("algorithm", "MD5")
                .put("checksum", "0123456789abcdef0123456789abcdef");
        Path request = Files.writeString(temp.resolve("feature.json"), feature.toString());
        try (BrokerTrap broker = new BrokerTrap()) {
            int status = run("--routes", "routes/metadata-worker.camel.yaml", "--body", request.toString(),
                    "--worker.files.allowed-roots=" + root, broker.portSetting());
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(status).isEqualTo(RouteRun.SUCCESS);
            assertThat(printed()).containsPattern("Feature Manager update [0-9a-f-]{36} published to [^:]+: \\{.*\"file_0\":\\{.*\"width\":8")
                    .contains("  answered SUCCESS by the stand-in Feature Manager (--feature-manager)" + NL + "SUCCESS" + NL)
                    .containsPattern("  additionalHeaders=\\{\"featureUpdateRequestId\":\"[0-9a-f-]{36}\"}")
                    .containsPattern("  content=\\{.*\"file_0\":\\{.*\"mime_type\":\"image/png\"");
            assertThat(broker.connectedTo()).as("a connection to the broker's port").isFalse();
        }
    }
}
