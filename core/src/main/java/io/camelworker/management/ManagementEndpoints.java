package io.camelworker.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.ProducibleOperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpointWebExtension;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The actuator's health (with its groups), info and Prometheus endpoints as Spring MVC maps them: the same paths under
 * the base path, bodies, status codes (the groups' 200/503) and content types, without details for anonymous callers
 * unless {@code show-details} says so. An endpoint that is not exposed is absent (404).
 */
public class ManagementEndpoints {

    /** An HTTP answer: its status, content type (null without a body) and body. */
    public record Answer(int status, String contentType, byte[] body) {

        static Answer status(int status) {
            return new Answer(status, null, new byte[0]);
        }
    }

    private static final String HEALTH = "health";
    private static final String INFO = "info";
    private static final String PROMETHEUS = "prometheus";

    private final String basePath;
    private final WebServerNamespace namespace;
    private final HealthEndpointWebExtension health;
    private final InfoEndpoint info;
    private final PrometheusScrapeEndpoint prometheus;
    private final ObjectMapper json;

    /**
     * @param namespace {@link WebServerNamespace#MANAGEMENT} on a port of their own, else {@link WebServerNamespace#SERVER}
     * @param health    null when the endpoint is not exposed, as {@code info} and {@code prometheus}
     * @param json      the actuator's object mapper
     */
    public ManagementEndpoints(String basePath, WebServerNamespace namespace, HealthEndpointWebExtension health,
                               InfoEndpoint info, PrometheusScrapeEndpoint prometheus, ObjectMapper json) {
        this.basePath = basePath.endsWith("/") ? basePath : basePath + "/";
        this.namespace = namespace;
        this.health = health;
        this.info = info;
        this.prometheus = prometheus;
        this.json = json;
    }

    /** Answers {@code method uri} with these Accept headers (null or empty: anything). */
    public Answer answer(String method, URI uri, List<String> accept) {
        String path = uri.getPath();
        if (!path.startsWith(basePath)) {
            return Answer.status(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        String[] segments = path.substring(basePath.length()).split("/");
        String endpoint = segments[0];
        boolean known = (HEALTH.equals(endpoint) && health != null)
                || (segments.length == 1 && ((INFO.equals(endpoint) && info != null) || (PROMETHEUS.equals(endpoint) && prometheus != null)));
        if (!known) {
            return Answer.status(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        if (!"GET".equals(method)) {
            return Answer.status(405);
        }
        ProducibleOperationArgumentResolver producible = new ProducibleOperationArgumentResolver(
                () -> accept == null ? List.of() : accept);
        return switch (endpoint) {
            case HEALTH -> health(versionOf(producible), Arrays.copyOfRange(segments, 1, segments.length), accept);
            case INFO -> json(WebEndpointResponse.STATUS_OK, info.info(), ApiVersion.V3, accept);
            default -> prometheus(producible.resolve(PrometheusOutputFormat.class), uri);
        };
    }

    /** The actuator version the caller asks for; the latest when it names none (only application/json, say). */
    private static ApiVersion versionOf(ProducibleOperationArgumentResolver producible) {
        ApiVersion version = producible.resolve(ApiVersion.class);
        return version == null ? ApiVersion.LATEST : version;
    }

    private Answer health(ApiVersion version, String[] path, List<String> accept) {
        WebEndpointResponse<HealthComponent> response = health.health(version, namespace, SecurityContext.NONE, path);
        if (response.getBody() == null) {
            return Answer.status(response.getStatus());
        }
        return json(response.getStatus(), response.getBody(), version, accept);
    }

    private Answer prometheus(PrometheusOutputFormat format, URI uri) {
        WebEndpointResponse<byte[]> response = prometheus.scrape(format, includedNames(uri.getRawQuery()));
        return new Answer(response.getStatus(), response.getContentType().toString(), response.getBody());
    }

    /** The {@code includedNames} query parameter (comma-separated, or repeated), null when absent: every metric. */
    private static Set<String> includedNames(String query) {
        if (query == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String parameter : query.split("&")) {
            String[] nameAndValue = parameter.split("=", 2);
            if (nameAndValue.length == 2 && "includedNames".equals(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8))) {
                for (String name : URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8).split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.strip());
                    }
                }
            }
        }
        return names.isEmpty() ? null : names;
    }

    private Answer json(int status, Object body, ApiVersion version, List<String> accept) {
        try {
            return new Answer(status, jsonType(version, accept).toString(), json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As Spring MVC negotiates it: the actuator's own type of that version when accepted (or when anything is), else
     * {@code application/json} when accepted, else the actuator's type.
     */
    private static MimeType jsonType(ApiVersion version, List<String> accept) {
        List<MimeType> accepted = accept == null || accept.isEmpty() ? List.of()
                : MimeTypeUtils.parseMimeTypes(String.join(",", accept));
        for (MimeType produced : List.of(version.getProducedMimeType(), MimeTypeUtils.APPLICATION_JSON)) {
            if (accepted.isEmpty() || accepted.stream().anyMatch(type -> type.isCompatibleWith(produced))) {
                return produced;
            }
        }
        return version.getProducedMimeType();
    }
}
