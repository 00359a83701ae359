package io.camelworker.testing;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver on loopback, as a collector's port 4318: takes {@code POST /v1/traces} with
 * {@code Content-Type: application/x-protobuf}, decodes the {@code ExportTraceServiceRequest} with the protocol's own
 * classes (opentelemetry-proto) and records its spans; anything else is refused, and counted.
 */
public final class OtlpReceiver implements AutoCloseable {

    public static final String TRACES_PATH = "/v1/traces";
    private static final String PROTOBUF = "application/x-protobuf";

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();

    public OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL to give an exporter ({@code worker.tracing.endpoint}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every span received so far, in the order received. */
    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The requests refused: another path or method, another content type, or a body that is not an export request. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!exchange.getRequestURI().getPath().equals(TRACES_PATH) || !"POST".equals(exchange.getRequestMethod())) {
                refuse(exchange, 404);
                return;
            }
            if (contentType == null || !contentType.startsWith(PROTOBUF)) {
                refuse(exchange, 415);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (IOException e) {
                refuse(exchange, 400);
                return;
            }
            record(request);
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private void refuse(HttpExchange exchange, int status) throws IOException {
        refused.incrementAndGet();
        exchange.sendResponseHeaders(status, -1);
    }

    private void record(ExportTraceServiceRequest request) {
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(new ReceivedSpan(hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
                            span.getName(), span.getKind(), span.getStatus().getCode(), span.getStatus().getMessage(),
                            attributes(span.getAttributesList()),
                            span.getEventsList().stream().map(event -> new ReceivedEvent(event.getName(),
                                    attributes(event.getAttributesList()))).toList(),
                            span.getStartTimeUnixNano(), scopeSpans.getScope().getName(), resource));
                }
            }
        }
    }

    private static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> map = new LinkedHashMap<>();
        attributes.forEach(attribute -> map.put(attribute.getKey(), text(attribute.getValue())));
        return map;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            default -> value.toString().strip();
        };
    }

    /**
     * A span as decoded: ids in lower-case hex (the parent's empty for a root span), attribute values as text.
     *
     * @param scope    the name of the instrumentation scope that made it
     * @param resource the attributes of the resource that exported it ({@code service.name}...)
     */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
                               Status.StatusCode status, String statusMessage, Map<String, String> attributes,
                               List<ReceivedEvent> events, long startNanos, String scope, Map<String, String> resource) {

        /** The {@code traceparent} that names this span (sampled). */
        public String traceparent() {
            return "00-" + traceId + "-" + spanId + "-01";
        }
    }

    /** An event of a span: its name and attributes. */
    public record ReceivedEvent(String name, Map<String, String> attributes) {
    }
}
