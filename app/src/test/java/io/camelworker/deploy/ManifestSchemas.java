package io.camelworker.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schemas of the Kubernetes and KEDA objects the manifests hold, vendored in {@code src/test/resources/deploy-schemas}
 * (see its README), made strict: an object schema that lists its properties refuses others, as {@code kubeconform -strict}
 * does, since a real cluster drops unknown fields silently.
 */
final class ManifestSchemas {

    private static final String KUBERNETES = "/deploy-schemas/kubernetes-1.32-swagger.json";
    private static final List<String> KEDA = List.of("/deploy-schemas/keda-2.20.2-keda.sh_scaledobjects.yaml",
            "/deploy-schemas/keda-2.20.2-keda.sh_triggerauthentications.yaml");
    private static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf");

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectNode kubernetesDefinitions;
    private final Map<String, String> kubernetesDefinitionByKind = new HashMap<>();
    private final Map<String, JsonNode> kedaSchemaByKind = new HashMap<>();
    private final Map<String, Schema> schemas = new HashMap<>();

    ManifestSchemas() {
        JsonNode swagger = read(KUBERNETES, json);
        kubernetesDefinitions = (ObjectNode) swagger.get("definitions");
        // Both are strings or numbers in manifests (maxUnavailable: 1, cpu: "1"); the swagger says only "string".
        kubernetesDefinitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", oneOfTypes("string", "integer"));
        kubernetesDefinitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", oneOfTypes("string", "number"));
        for (Map.Entry<String, JsonNode> definition : kubernetesDefinitions.properties()) {
            strict(definition.getValue());
            for (JsonNode gvk : definition.getValue().path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asText();
                String apiVersion = group.isEmpty() ? gvk.path("version").asText() : group + "/" + gvk.path("version").asText();
                kubernetesDefinitionByKind.put(apiVersion + " " + gvk.path("kind").asText(), definition.getKey());
            }
        }
        YAMLMapper yaml = new YAMLMapper();
        for (String crd : KEDA) {
            JsonNode definition = read(crd, yaml);
            String group = definition.path("spec").path("group").asText();
            String kind = definition.path("spec").path("names").path("kind").asText();
            for (JsonNode version : definition.path("spec").path("versions")) {
                JsonNode schema = version.path("schema").path("openAPIV3Schema");
                strict(schema);
                kedaSchemaByKind.put(group + "/" + version.path("name").asText() + " " + kind, schema);
            }
        }
    }

    /** The schema violations of one object, each as "path: message"; an object of a kind without schema is one. */
    List<String> violations(JsonNode object) {
        String kind = object.path("apiVersion").asText() + " " + object.path("kind").asText();
        Schema schema = schemas.computeIfAbsent(kind, this::schemaOf);
        if (schema == null) {
            return List.of("no schema for " + kind);
        }
        return schema.validate(object).stream().map(Error::toString).toList();
    }

    private Schema schemaOf(String kind) {
        String definition = kubernetesDefinitionByKind.get(kind);
        if (definition != null) {
            ObjectNode root = json.createObjectNode();
            root.put("$ref", "#/definitions/" + definition);
            root.set("definitions", kubernetesDefinitions);
            return registry.getSchema(SchemaLocation.of("urn:camel-worker:kubernetes:" + definition), root);
        }
        JsonNode keda = kedaSchemaByKind.get(kind);
        return keda == null ? null : registry.getSchema(SchemaLocation.of("urn:camel-worker:keda:" + kind.replace(' ', ':')), keda);
    }

    private ObjectNode oneOfTypes(String first, String second) {
        ObjectNode schema = json.createObjectNode();
        ArrayNode oneOf = schema.putArray("oneOf");
        oneOf.addObject().put("type", first);
        oneOf.addObject().put("type", second);
        return schema;
    }

    /** Adds {@code additionalProperties: false} to every object schema with properties and no rule for others. */
    private static void strict(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        if (object.has("properties") && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(ManifestSchemas::strict);
        strict(object.path("additionalProperties"));
        strict(object.path("not"));
        JsonNode items = object.path("items");
        if (items.isArray()) {
            items.forEach(ManifestSchemas::strict);
        } else {
            strict(items);
        }
        SCHEMA_LISTS.forEach(list -> object.path(list).forEach(ManifestSchemas::strict));
    }

    private static JsonNode read(String resource, ObjectMapper mapper) {
        try (InputStream in = ManifestSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
