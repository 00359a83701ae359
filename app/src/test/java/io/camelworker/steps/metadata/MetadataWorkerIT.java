package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The metadata worker end to end on the real broker: the test plays the Worker Manager (submits the Feature) and the
 * Feature Manager (listens on its update exchange), with the example product set of
 * {@code src/test/resources/metadata/products} and the mission example route {@code examples/s2x-metadata-worker.camel.yaml}.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class MetadataWorkerIT {

    static final String TYPE = FakeWorkerManager.uniqueType("metadata-worker");
    static final String WRONG_TYPE_TYPE = FakeWorkerManager.uniqueType("metadata-wrong-type");
    static final String READING_TYPE = FakeWorkerManager.uniqueType("metadata-reading");
    static final String UPDATE_EXCHANGE = FakeWorkerManager.uniqueType("test.FeatureUpdateRequestEvent");
    static final String ANSWER_EXCHANGE = FakeWorkerManager.uniqueType("test.FeatureRequestEvent");
    static final String TIF = "S2X_MSI_20240115T103021_O01234.tif";
    static final String NC = "S2X_SST_20240115T103021_O01234.nc";
    static final String PNG = "S2X_MSI_20240115T103021_O01234_ql.png";
    static final String SIDECAR = "S2X_MSI_20240115T103021_O01234.json";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ROOT = products();

    static FakeWorkerManager manager;
    static FakeWorkerManager wrongTypeManager;
    static FakeWorkerManager readingManager;
    static FeatureManagerListener featureManager;

    @Autowired
    UnreliableSourceReader unreliable;

    @Autowired
    FeatureManagerAnswers answers;

    @Autowired
    org.springframework.amqp.rabbit.connection.CachingConnectionFactory connectionFactory;

    @BeforeAll
    static void start() {
        manager = new FakeWorkerManager(TYPE);
        wrongTypeManager = new FakeWorkerManager(WRONG_TYPE_TYPE);
        readingManager = new FakeWorkerManager(READING_TYPE);
        featureManager = new FeatureManagerListener(UPDATE_EXCHANGE, ANSWER_EXCHANGE);
    }

    @AfterAll
    static void stop() throws IOException {
        manager.close();
        wrongTypeManager.close();
        readingManager.close();
        featureManager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern",
                () -> "file:examples/s2x-metadata-worker.camel.yaml,classpath:test-routes/metadata-cases.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("test.metadata.wrong-type-type", () -> WRONG_TYPE_TYPE);
        registry.add("test.metadata.reading-type", () -> READING_TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.files.allowed-roots", ROOT::toString);
        registry.add("worker.metadata.source-retry.max-attempts", () -> "3");
        registry.add("worker.metadata.source-retry.initial-interval", () -> "50ms");
        registry.add("worker.metadata.update-exchange", () -> UPDATE_EXCHANGE);
        registry.add("worker.metadata.answer-exchange", () -> ANSWER_EXCHANGE);
        // Short, for the silent Feature Manager case; the fake one answers the others at once.
        registry.add("worker.metadata.feature-manager-timeout", () -> "3s");
        registry.add("worker.retry.max-attempts", () -> "2");
        registry.add("worker.retry.initial-interval", () -> "100ms");
    }

    @TestConfiguration
    static class UnreliableStorage {
        @Bean
        UnreliableSourceReader unreliableSourceReader() {
            return new UnreliableSourceReader();
        }
    }

    @Test
    void exampleProductIsPatchedInTheFeatureManagerWithEveryExtractedProperty() throws Exception {
        String urn = newUrn();
        String id = manager.submit(exampleFeature(urn).toString());

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        FeatureManagerListener.Update update = featureManager.awaitUpdates(urn, 1).get(0);
        JsonNode expected = JSON.readTree("""
                {"metadata":{"storages":[],"priority":"NORMAL"},
                 "feature":{"type":"Feature","id":"S2X_MSI_20240115T103021_O01234","urn":"%s","entityType":"DATA",
                   "model":"EO_PRODUCT",
                   "properties":{
                     "mission":"S2X","instrument":"MSI",
                     "acquisition":{"start":"2024-01-15T10:30:21Z","orbit":1234},
                     "file_info":{"size":%d,"sha256":"%s","mime_type":"image/tiff"},
                     "raster":{"description":"S2X MSI level-1 example","width":40},
                     "sst":{"title":"S2X sea surface temperature example","start":"2024-01-15T10:30:21Z",
                            "end":"2024-01-15T10:35:21Z","platform":"S2X","units":"K"},
                     "quicklook":{"width":8,"height":6,"bit_depth":8},
                     "quality":{"cloud_cover":12.5,"valid":true},
                     "processing":{"level":"L1C"}},
                   "geometry":{"type":"Polygon","coordinates":[[[1.0,43.5],[1.4,43.5],[1.4,44.0],[1.0,44.0],[1.0,43.5]]]}}}
                """.formatted(urn, Files.size(ROOT.resolve(TIF)), sha256(ROOT.resolve(TIF))));
        assertThat(update.body()).isEqualTo(expected);
        assertThat(answer.contentJson()).isEqualTo(update.body());
    }

    @Test
    void updateCarriesTheFeatureManagerHeadersWithANewRequestIdAndIsPersistentJson() throws Exception {
        String urn = newUrn();
        Instant before = Instant.now().minusSeconds(1);
        String id = manager.submit(exampleFeature(urn).toString());

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("SUCCESS");
        FeatureManagerListener.Update update = featureManager.awaitUpdates(urn, 1).get(0);
        assertThat(update.header("regards.tenant")).isEqualTo("project1");
        assertThat(update.header("regards.request.owner")).isEqualTo(TYPE);
        String requestId = update.header("regards.request.id");
        assertThat(requestId).hasSizeLessThanOrEqualTo(36).isNotEqualTo(id);
        assertThat(UUID.fromString(requestId)).isNotNull();
        assertThat(Instant.parse(update.header("regards.request.date"))).isBetween(before, Instant.now());
        assertThat(update.header("regards.request.date")).endsWith("Z");
        assertThat(update.properties().getContentType()).isEqualTo("application/json");
        assertThat(update.properties().getDeliveryMode()).isEqualTo(2);
        assertThat(answer.additionalHeaders()).containsEntry("featureUpdateRequestId", requestId);
    }

    @Test
    void updateGoesOutInTheTraceOfTheRequest() throws Exception {
        String urn = newUrn();
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        String id = UUID.randomUUID().toString();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", "project1");
        headers.put("regards.request.id", id);
        headers.put("regards.request.owner", "test-owner");
        headers.put("regards.request.session", "test-session");
        headers.put("traceparent", traceparent);
        headers.put("tracestate", "rojo=00f067aa0ba902b7");
        manager.publish(headers, exampleFeature(urn).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(manager.awaitAnswer(id).status()).isEqualTo("SUCCESS");
        FeatureManagerListener.Update update = featureManager.awaitUpdates(urn, 1).get(0);
        assertThat(update.header("traceparent")).isEqualTo(traceparent);
        assertThat(update.header("tracestate")).isEqualTo("rojo=00f067aa0ba902b7");
    }

    @Test
    void redeliveredRequestSendsTheSameUpdateAgainUnderANewRequestId() throws Exception {
        String urn = newUrn();
        String body = exampleFeature(urn).toString();
        Map<String, Object> headers = managerHeaders(UUID.randomUUID().toString());

        manager.publish(headers, body.getBytes());
        manager.publish(headers, body.getBytes());

        List<FeatureManagerListener.Update> updates = featureManager.awaitUpdates(urn, 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> manager.answers((String) headers.get("regards.request.id")).size() == 2);
        assertThat(updates.get(1).body()).isEqualTo(updates.get(0).body());
        assertThat(updates.get(1).header("regards.request.id")).isNotEqualTo(updates.get(0).header("regards.request.id"));
    }

    @Test
    void updateTheFeatureManagerDeniesIsInvalidContentWithItsErrors() throws Exception {
        String urn = newUrn();
        featureManager.behave(urn, FeatureManagerListener.Behaviour.DENIES);

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(exampleFeature(urn).toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        String requestId = featureManager.awaitUpdates(urn, 1).get(0).header("regards.request.id");
        assertThat(answer.messages()).singleElement().asString()
                .isEqualTo("the Feature Manager denied update " + requestId + " of " + urn
                        + ": cloud_cover: value 150 is out of range [0, 100]; unknown attribute 'raster.width'");
    }

    @Test
    void updateTheFeatureManagerFailsToApplyIsError() throws Exception {
        String urn = newUrn();
        featureManager.behave(urn, FeatureManagerListener.Behaviour.FAILS);

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(exampleFeature(urn).toString()));

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString().startsWith("the Feature Manager failed to apply update ")
                .endsWith(": Feature " + urn + " does not exist");
        assertThat(featureManager.updatesOf(urn)).hasSize(1);
    }

    @Test
    void updateTheFeatureManagerNeverAnswersIsRetriedThenDeadLettered() throws Exception {
        String urn = newUrn();
        featureManager.behave(urn, FeatureManagerListener.Behaviour.SILENT);

        String id = manager.submit(exampleFeature(urn).toString());

        FakeWorkerManager.DeadLetter deadLetter = manager.awaitDeadLetter(id, Duration.ofSeconds(60));
        assertThat(deadLetter.stacktrace()).contains("the Feature Manager did not answer update")
                .contains("worker.metadata.feature-manager-timeout (PT3S)");
        assertThat(manager.answers(id)).isEmpty();
        // One update per attempt (worker.retry.max-attempts=2), each under a new request id.
        List<FeatureManagerListener.Update> updates = featureManager.updatesOf(urn);
        assertThat(updates).hasSize(2);
        assertThat(updates.get(0).header("regards.request.id")).isNotEqualTo(updates.get(1).header("regards.request.id"));
    }

    @Test
    void answerQueueIsBoundAgainAfterTheConnectionIsLost() throws Exception {
        // The exclusive answer queue dies with the connection that declared it.
        connectionFactory.resetConnection();
        String urn = newUrn();

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(exampleFeature(urn).toString()), Duration.ofSeconds(60));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(featureManager.updatesOf(urn)).hasSize(1);
    }

    @Test
    void answersToOtherRequestsAreDroppedAndTheWorkerStillAnswersItsOwn() throws Exception {
        long droppedBefore = answers.dropped();
        try (com.rabbitmq.client.Connection connection = new com.rabbitmq.client.ConnectionFactory().newConnection();
             com.rabbitmq.client.Channel channel = connection.createChannel()) {
            for (int i = 0; i < 50; i++) {
                featureManager.publishAnswer(channel, UUID.randomUUID().toString(), newUrn(), "DENIED", List.of("not yours"));
            }
            channel.basicPublish(ANSWER_EXCHANGE, "", null, "not json at all".getBytes());
        }
        String urn = newUrn();

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(exampleFeature(urn).toString()));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        await().atMost(Duration.ofSeconds(20)).until(() -> answers.dropped() >= droppedBefore + 51);
    }

    @ParameterizedTest
    @ValueSource(strings = {"urn", "model", "entityType"})
    void featureWithoutAnIdentifyingFieldIsInvalidContentNamingIt(String field) throws Exception {
        String urn = newUrn();
        ObjectNode feature = exampleFeature(urn);
        feature.remove(field);

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(feature.toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().contains("field '" + field + "'");
        assertThat(featureManager.updatesOf(urn)).isEmpty();
    }

    @Test
    void malformedUrnIsInvalidContentNamingTheRule() throws Exception {
        ObjectNode feature = exampleFeature(newUrn()).put("urn", "FEATURE-42");

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(feature.toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().contains("field 'urn'").contains("URN:FEATURE:DATA");
    }

    @Test
    void bodyThatIsNotAFeatureIsInvalidContent() {
        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit("[1,2]"));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
    }

    @Test
    void fileThatIsNotTheGeoTiffItsStepExpectsIsInvalidContentNamingTheFile() throws Exception {
        String urn = newUrn();
        String fakeTif = "S2X_MSI_20240116T000000_O01235.tif";
        Files.copy(ROOT.resolve(PNG), ROOT.resolve(fakeTif), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ObjectNode feature = feature(urn, file("RAWDATA", fakeTif, url(fakeTif)));

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(feature.toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().startsWith("files[0] '" + fakeTif + "'").contains("GeoTIFF");
        assertThat(featureManager.updatesOf(urn)).isEmpty();
    }

    @Test
    void geoTiffWhoseHeaderClaimsGigabytesIsInvalidContentAndTheWorkerGoesOn() throws Exception {
        String urn = newUrn();
        String crafted = "S2X_MSI_20240116T000000_O09999.tif";
        // 262 bytes whose StripOffsets claim 2^30 values: Apache SIS would allocate them and the process would die.
        Files.write(ROOT.resolve(crafted), CraftedHeaders.smallTiff(new CraftedHeaders.Entry(273, 4, 1L << 30, 200)));

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(
                feature(urn, file("RAWDATA", crafted, url(crafted))).toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .startsWith("files[0] '" + crafted + "' is not a TIFF file the worker reads: IFD 0 tag 273 (StripOffsets) claims 1073741824 values")
                .contains("worker.metadata.max-header-value-size");
        assertThat(featureManager.updatesOf(urn)).isEmpty();
        String next = newUrn();
        assertThat(manager.awaitAnswer(manager.submit(exampleFeature(next).toString())).status()).isEqualTo("SUCCESS");
    }

    @Test
    void sidecarThatIsNotJsonIsInvalidContentNamingIt() throws Exception {
        Path dir = Files.createDirectories(ROOT.resolve("bad-sidecar"));
        Files.copy(ROOT.resolve(TIF), dir.resolve(TIF), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve(SIDECAR), "{\"quality\": ");
        ObjectNode feature = feature(newUrn(), file("RAWDATA", TIF, dir.resolve(TIF).toUri().toString()));

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(feature.toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().contains("sidecar '" + SIDECAR + "' is not valid JSON");
    }

    @Test
    void fileNameThatDoesNotMatchThePatternIsInvalidContent() throws Exception {
        String odd = "S2X_MSI_20240115_O1.tif";
        Files.copy(ROOT.resolve(TIF), ROOT.resolve(odd), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(feature(newUrn(),
                file("RAWDATA", odd, url(odd))).toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().startsWith("files[0] '" + odd + "': the name does not match");
    }

    @Test
    void productWithoutTheFileAStepRequiresIsInvalidContent() throws Exception {
        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(feature(newUrn(),
                file("QUICKLOOK_SD", PNG, url(PNG))).toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().startsWith("files: no file has dataType RAWDATA");
    }

    @Test
    void mappingThatProducesAValueOfTheWrongTypeIsInvalidContentNamingTheProperty() throws Exception {
        String urn = newUrn();

        FakeWorkerManager.Response answer = wrongTypeManager.awaitAnswer(wrongTypeManager.submit(exampleFeature(urn).toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .startsWith("property 'mission_number' (type integer): value 'S2X' of source 'mission' in files[0]");
        assertThat(featureManager.updatesOf(urn)).isEmpty();
    }

    @Test
    void fileOutsideTheAllowedRootsIsInvalidContent() throws Exception {
        FakeWorkerManager.Response answer = readingManager.awaitAnswer(readingManager.submit(
                feature(newUrn(), file("RAWDATA", "passwd", "file:///etc/passwd")).toString()));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().contains("files[0].locations[0].url")
                .contains("outside the allowed roots");
    }

    @Test
    void missingFileIsAnsweredErrorWithoutRetry() throws Exception {
        FakeWorkerManager.Response answer = readingManager.awaitAnswer(readingManager.submit(
                feature(newUrn(), file("RAWDATA", "gone.tif", url("gone.tif"))).toString()));

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString().contains("does not exist");
    }

    @Test
    void unreachableFileIsTriedAgainThenAnsweredError() throws Exception {
        String urn = newUrn();
        String url = "unreliable://f99" + ROOT.resolve(TIF);

        FakeWorkerManager.Response answer = readingManager.awaitAnswer(readingManager.submit(
                feature(urn, file("RAWDATA", TIF, url)).toString()));

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString()
                .startsWith("files[0] '" + TIF + "' could not be read after 3 attempt(s)").contains("Connection refused");
        assertThat(unreliable.attempts(url)).isEqualTo(3);
        assertThat(featureManager.updatesOf(urn)).isEmpty();
    }

    @Test
    void fileReachableOnALaterAttemptIsRead() throws Exception {
        String urn = newUrn();
        String url = "unreliable://f2" + ROOT.resolve(TIF);

        FakeWorkerManager.Response answer = readingManager.awaitAnswer(readingManager.submit(
                feature(urn, file("RAWDATA", TIF, url)).toString()));

        assertThat(answer.status()).isEqualTo("SUCCESS");
        FeatureManagerListener.Update update = featureManager.awaitUpdates(urn, 1).get(0);
        assertThat(update.body().path("feature").path("properties").path("size").asLong()).isEqualTo(Files.size(ROOT.resolve(TIF)));
        assertThat(update.header("regards.request.owner")).isEqualTo("reading-test");
        assertThat(update.body().path("feature").has("geometry")).isFalse();
        assertThat(unreliable.attempts(url)).isEqualTo(3);
    }

    @Test
    void fileWithSeveralLocationsIsReadFromTheFirstThatWorks() throws Exception {
        String urn = newUrn();
        ObjectNode file = file("RAWDATA", TIF, url("elsewhere/" + TIF));
        ((ArrayNode) file.get("locations")).addObject().put("storage", "LOCAL").put("url", url(TIF));

        FakeWorkerManager.Response answer = readingManager.awaitAnswer(readingManager.submit(feature(urn, file).toString()));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(featureManager.awaitUpdates(urn, 1).get(0).body().at("/feature/properties/md5").asText())
                .hasSize(32);
    }

    // --- the example product set and Features that reference it

    static Path products() {
        try {
            Path root = Files.createTempDirectory("metadata-products").toRealPath();
            for (String name : List.of(TIF, NC, PNG, SIDECAR)) {
                Files.copy(Path.of("app/src/test/resources/metadata/products", name), root.resolve(name));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String newUrn() {
        return "URN:FEATURE:DATA:project1:" + UUID.randomUUID() + ":V1";
    }

    static String url(String name) {
        return ROOT.resolve(name).toUri().toString();
    }

    static ObjectNode exampleFeature(String urn) {
        return feature(urn, file("RAWDATA", TIF, url(TIF)), file("RAWDATA", NC, url(NC)),
                file("QUICKLOOK_SD", PNG, url(PNG)));
    }

    static ObjectNode feature(String urn, ObjectNode... files) {
        ObjectNode feature = JSON.createObjectNode().put("type", "Feature").put("id", "S2X_MSI_20240115T103021_O01234")
                .put("urn", urn).put("entityType", "DATA").put("model", "EO_PRODUCT");
        feature.putNull("geometry");
        feature.putObject("properties").put("existing", "kept by the Feature Manager");
        feature.putObject("history").put("createdBy", "ingest");
        ArrayNode array = feature.putArray("files");
        for (ObjectNode file : files) {
            array.add(file);
        }
        return feature;
    }

    static ObjectNode file(String dataType, String filename, String url) {
        ObjectNode file = JSON.createObjectNode();
        file.putArray("locations").addObject().putNull("storage").put("url", url);
        file.putObject("attributes").put("dataType", dataType).put("filename", filename).put("mimeType", "application/octet-stream")
                .put("filesize", 1).put("algorithm", "MD5").put("checksum", "0123456789abcdef0123456789abcdef");
        return file;
    }

    static Map<String, Object> managerHeaders(String requestId) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", "project1");
        headers.put("regards.request.id", requestId);
        headers.put("regards.request.owner", "notifier");
        headers.put("regards.request.session", "session1");
        headers.put("regards.request.content_type", "metadata-request");
        return headers;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
