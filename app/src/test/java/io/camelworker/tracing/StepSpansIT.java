package io.camelworker.tracing;

import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.fixtures.OtlpReceiver;
import io.camelworker.fixtures.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing on, the shipped storage worker route (routes/storage-worker.camel.yaml) storing to a local directory, on the
 * real broker, its spans exported with OTLP/HTTP to a receiver on loopback that decodes them: the request's trace reads
 * as the route (request span, route span, one span per step named by the step, with its outcome), and a failing step is
 * ERROR with the exception's message.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class StepSpansIT {

    static final String TYPE = FakeWorkerManager.uniqueType("step-spans");
    static final String MANAGER_SPAN_ID = "b7ad6b7169203331";
    static final OtlpReceiver COLLECTOR = new OtlpReceiver();
    static final Path ROOT = createRoot();
    static final Path INPUT = ROOT.resolve("input");
    static final Path STORE = ROOT.resolve("store");
    static FakeWorkerManager manager;

    @Autowired
    OpenTelemetrySdk sdk;

    @BeforeAll
    static void start() throws IOException {
        manager = new FakeWorkerManager(TYPE);
        Files.createDirectories(INPUT);
        Files.createDirectories(STORE);
    }

    @AfterAll
    static void stop() {
        manager.close();
        COLLECTOR.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/storage-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.files.allowed-roots[0]", INPUT::toString);
        registry.add("worker.files.allowed-roots[1]", STORE::toString);
        registry.add("worker.tracing.enabled", () -> "true");
        registry.add("worker.tracing.endpoint", () -> COLLECTOR.endpoint().toString());
        registry.add("worker.tracing.shutdown-timeout", () -> "1s");
    }

    @Test
    void eachStepOfTheRouteIsASpanNamedByTheStepUnderTheRouteSpanOfTheRequest() throws Exception {
        byte[] png = png(64, 32);
        Path source = Files.write(INPUT.resolve("quicklook.png"), png);
        String traceId = newTraceId();

        String id = submit(storeRequest(source, md5(png), true), traceId);
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);
        ReceivedSpan request = awaitRequestSpan(id);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(request.traceId()).isEqualTo(traceId);
        assertThat(request.parentSpanId()).isEqualTo(MANAGER_SPAN_ID);
        assertThat(request.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
        assertThat(request.name()).isEqualTo("process " + FakeWorkerManager.requestQueue(TYPE));
        assertThat(request.attributes()).containsEntry(OpenTelemetryRequestTracing.OUTCOME, "success");
        assertThat(request.status()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
        assertThat(answer.headers()).containsEntry("traceparent", request.traceparent());

        ReceivedSpan route = singleChild(request);
        assertThat(route.name()).isEqualTo("storage-worker");
        assertThat(route.status()).isEqualTo(StatusCode.STATUS_CODE_OK);
        List<ReceivedSpan> steps = children(route);
        // One span per step, in the route's order; the choice around storage:image-size adds none of its own.
        assertThat(steps).extracting(ReceivedSpan::name)
                .containsExactly("storage:read-request", "storage:transfer", "storage:image-size", "storage:answer");
        assertThat(steps).allSatisfy(step -> {
            assertThat(step.traceId()).isEqualTo(traceId);
            assertThat(step.status()).isEqualTo(StatusCode.STATUS_CODE_OK);
            assertThat(children(step)).isEmpty();
        });
        assertThat(steps.get(1).attributes()).containsEntry("camel.uri", "storage://transfer?errors=store-request");
        assertThat(request.resource()).containsKey("service.name");
        assertThat(COLLECTOR.refused()).isZero();
    }

    @Test
    void aFailingStepIsErrorWithTheExceptionsMessageAndEndsTheRoute() throws Exception {
        Path source = Files.write(INPUT.resolve("corrupt.dat"), "not what the checksum says".getBytes(StandardCharsets.UTF_8));
        String wrong = "0123456789abcdef0123456789abcdef";
        String traceId = newTraceId();

        String id = submit(storeRequest(source, wrong, false), traceId);
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);
        ReceivedSpan request = awaitRequestSpan(id);

        assertThat(answer.status()).isEqualTo("ERROR");
        String message = answer.messages().get(0);
        assertThat(message).contains("checksum mismatch");
        ReceivedSpan route = singleChild(request);
        List<ReceivedSpan> steps = children(route);
        assertThat(steps).extracting(ReceivedSpan::name).containsExactly("storage:read-request", "storage:transfer");
        assertThat(steps.get(0).status()).isEqualTo(StatusCode.STATUS_CODE_OK);
        ReceivedSpan transfer = steps.get(1);
        assertThat(transfer.status()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
        assertThat(transfer.statusMessage()).isEqualTo(message);
        assertThat(transfer.events()).anySatisfy(event -> assertThat(event.attributes()).containsEntry("message", message));
        assertThat(route.status()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
        assertThat(request.status()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
        assertThat(request.attributes()).containsEntry(OpenTelemetryRequestTracing.OUTCOME, "error");
        assertThat(answer.headers()).containsEntry("traceparent", request.traceparent());
    }

    /** The request span of this request, once exported: the SDK's batch is flushed instead of waited for. */
    private ReceivedSpan awaitRequestSpan(String requestId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
            return requestSpan(requestId).isPresent();
        });
        return requestSpan(requestId).orElseThrow();
    }

    private static Optional<ReceivedSpan> requestSpan(String requestId) {
        return COLLECTOR.spans().stream().filter(span -> requestId.equals(span.attributes().get("regards.request.id")))
                .findFirst();
    }

    /** The spans whose parent is {@code parent}, in the order they started. */
    private static List<ReceivedSpan> children(ReceivedSpan parent) {
        return COLLECTOR.spans().stream()
                .filter(span -> span.traceId().equals(parent.traceId()) && span.parentSpanId().equals(parent.spanId()))
                .sorted(Comparator.comparingLong(ReceivedSpan::startNanos)).toList();
    }

    private static ReceivedSpan singleChild(ReceivedSpan parent) {
        List<ReceivedSpan> children = children(parent);
        assertThat(children).as("children of %s", parent.name()).hasSize(1);
        return children.get(0);
    }

    private static String submit(String body, String traceId) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", "project1");
        headers.put("regards.request.id", requestId);
        headers.put("regards.request.owner", "test-owner");
        headers.put("regards.request.session", "test-session");
        headers.put("regards.request.content_type", TYPE + "-request");
        headers.put("traceparent", "00-" + traceId + "-" + MANAGER_SPAN_ID + "-01");
        manager.publish(headers, body.getBytes(StandardCharsets.UTF_8));
        return requestId;
    }

    private static String storeRequest(Path source, String md5, boolean computeImageSize) {
        return """
                {"checksum":"%s","algorithm":"MD5","url":"%s","destinationDirectory":null,"computeImageSize":%s,
                 "activateSmallFilePackaging":false,
                 "parameters":{"fileNamingStrategy":"CHECKSUM","baseStorageLocationAsString":"%s"}}"""
                .formatted(md5, source.toUri(), computeImageSize, STORE.resolve(UUID.randomUUID().toString()));
    }

    private static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static String md5(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("step-spans").toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
