package io.camelworker.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Kubernetes manifests of {@code deploy/kubernetes}, rendered by {@code kubectl kustomize} for every overlay, hold to
 * the Kubernetes 1.32 and KEDA 2.20 schemas (offline, strict) and to the rules the worker needs.
 */
class DeploymentManifestsIT {

    static final Path OVERLAYS = Path.of("deploy/kubernetes/overlays");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern ROUTE_TYPE = Pattern.compile("regards-worker:\\{\\{worker\\.type:([^}]+)}}");

    /** Rendered once per overlay for all the tests (each render starts kubectl). */
    private static final Map<Path, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private static ManifestSchemas schemas;

    @BeforeAll
    static void loadSchemas() {
        schemas = new ManifestSchemas();
    }

    static Stream<Path> overlays() throws IOException {
        try (Stream<Path> overlays = Files.list(OVERLAYS)) {
            return overlays.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectOfAnOverlayHoldsToItsSchema(Path overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        assertThat(objects).extracting(object -> object.path("kind").asText())
                .containsExactlyInAnyOrder("ConfigMap", "ConfigMap", "Deployment", "PodDisruptionBudget", "ScaledObject",
                        "TriggerAuthentication");
        for (JsonNode object : objects) {
            assertThat(schemas.violations(object)).as("%s %s of %s", object.path("kind").asText(),
                    object.path("metadata").path("name").asText(), overlay).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void anOverlayScalesTheQueueOfItsWorkerTypeAndNeverBelowOneReplica(Path overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        JsonNode deployment = only(objects, "Deployment");
        JsonNode scaledObject = only(objects, "ScaledObject");
        String type = settings(objects).path("WORKER_TYPE").asText();
        assertThat(type).isEqualTo(routeType(overlay));
        JsonNode trigger = scaledObject.path("spec").path("triggers").path(0);
        assertThat(trigger.path("type").asText()).isEqualTo("rabbitmq");
        assertThat(trigger.path("metadata").path("queueName").asText())
                .isEqualTo("regards.worker." + type.toLowerCase(Locale.ROOT) + ".request");
        assertThat(scaledObject.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(name(deployment));
        assertThat(trigger.path("authenticationRef").path("name").asText()).isEqualTo(name(only(objects, "TriggerAuthentication")));
        // Zero replicas send no heartbeat: the manager would stop dispatching and the queue would never grow again.
        assertThat(scaledObject.path("spec").path("minReplicaCount").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(deployment.path("spec").has("replicas")).as("the ScaledObject owns the replica count").isFalse();
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        JsonNode budgetSelector = only(objects, "PodDisruptionBudget").path("spec").path("selector").path("matchLabels");
        assertThat(budgetSelector.properties()).isNotEmpty()
                .allSatisfy(label -> assertThat(podLabels.path(label.getKey())).isEqualTo(label.getValue()));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void aReplicaStopsWithinItsGracePeriodProbesSpringBootsGroupsAndReadsItsCredentialsFromTheSecret(Path overlay)
            throws Exception {
        List<JsonNode> objects = render(overlay);
        JsonNode pod = only(objects, "Deployment").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").path(0);
        Duration shutdownTimeout = Duration.parse("PT" + settings(objects).path("WORKER_SHUTDOWN_TIMEOUT").asText());
        // The shutdown timeout, then 5 s to close the consumers' channels, then the JVM's exit.
        assertThat(pod.path("terminationGracePeriodSeconds").asLong()).isGreaterThanOrEqualTo(shutdownTimeout.toSeconds() + 10);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();
        assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotEmpty();
        List<String> fromSecret = new ArrayList<>();
        container.path("env").forEach(variable -> {
            if (variable.path("valueFrom").has("secretKeyRef")) {
                fromSecret.add(variable.path("name").asText());
            }
        });
        assertThat(fromSecret).contains("SPRING_RABBITMQ_USERNAME", "SPRING_RABBITMQ_PASSWORD");
        assertThat(settings(objects).properties()).noneMatch(setting -> setting.getKey().contains("PASSWORD"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theRoutesComeFromTheOverlaysConfigMapWhichStartsAsTheShippedRoute(Path overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        JsonNode routes = objects.stream().filter(object -> name(object).contains("-worker-routes")).findFirst().orElseThrow();
        JsonNode pod = only(objects, "Deployment").path("spec").path("template").path("spec");
        String mountPath = pod.path("containers").path(0).path("volumeMounts").valueStream()
                .filter(mount -> mount.path("name").asText().equals("routes")).findFirst().orElseThrow()
                .path("mountPath").asText();
        assertThat(settings(objects).path("WORKER_ROUTES").asText()).isEqualTo(mountPath);
        assertThat(pod.path("volumes").valueStream().filter(volume -> volume.path("name").asText().equals("routes"))
                .findFirst().orElseThrow().path("configMap").path("name").asText()).isEqualTo(name(routes));
        String file = overlay.getFileName() + ".camel.yaml";
        assertThat(routes.path("data").path(file).asText())
                .as("%s/routes/%s is not the shipped routes/%s: run deploy/kubernetes/sync-routes.sh", overlay, file, file)
                .isEqualTo(Files.readString(Path.of("routes", file), StandardCharsets.UTF_8));
    }

    @Test
    void aMistypedFieldOrAValueOfTheWrongTypeIsCaught() throws Exception {
        List<JsonNode> objects = render(OVERLAYS.resolve("delete-files-worker"));
        ObjectNode deployment = (ObjectNode) only(objects, "Deployment").deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec")).put("terminationGracePeriod", 60);
        assertThat(schemas.violations(deployment)).singleElement().asString().contains("terminationGracePeriod");
        ObjectNode scaledObject = (ObjectNode) only(objects, "ScaledObject").deepCopy();
        ((ObjectNode) scaledObject.path("spec")).put("minReplicaCount", "one");
        assertThat(schemas.violations(scaledObject)).singleElement().asString().contains("minReplicaCount");
    }

    /** The objects {@code kubectl kustomize} renders for an overlay; the test is skipped where kubectl is missing. */
    static List<JsonNode> render(Path overlay) throws Exception {
        List<JsonNode> rendered = RENDERED.get(overlay);
        if (rendered == null) {
            rendered = kustomize(overlay);
            RENDERED.put(overlay, rendered);
        }
        return rendered;
    }

    private static List<JsonNode> kustomize(Path overlay) throws Exception {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "kubectl is not installed: the Kubernetes manifests are not rendered (" + e.getMessage() + ")");
            throw e;
        }
        byte[] output = kubectl.getInputStream().readAllBytes();
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize %s: %s", overlay, new String(output, StandardCharsets.UTF_8))
                .isZero();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(output)) {
            return documents.readAll().stream().filter(document -> !document.isEmpty()).toList();
        }
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> ofKind = objects.stream().filter(object -> object.path("kind").asText().equals(kind)).toList();
        assertThat(ofKind).as(kind).hasSize(1);
        return ofKind.get(0);
    }

    private static JsonNode settings(List<JsonNode> objects) {
        return objects.stream().filter(object -> name(object).contains("-worker-settings")).findFirst().orElseThrow()
                .path("data");
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static String routeType(Path overlay) throws IOException {
        Path route = overlay.resolve("routes").resolve(overlay.getFileName() + ".camel.yaml");
        Matcher matcher = ROUTE_TYPE.matcher(Files.readString(route));
        assertThat(matcher.find()).as("worker type of %s", route).isTrue();
        return matcher.group(1);
    }
}
