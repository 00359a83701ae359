package io.camelworker.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelworker.runtime.NewRequestComponent;
import io.camelworker.runtime.NewRequestEndpoint;
import io.camelworker.runtime.WorkerComponent;
import io.camelworker.runtime.WorkerEndpoint;
import io.camelworker.steps.archive.ArchiveComponent;
import io.camelworker.steps.archive.ArchiveEndpoint;
import io.camelworker.steps.files.FilesComponent;
import io.camelworker.steps.files.FilesEndpoint;
import io.camelworker.steps.metadata.MetadataComponent;
import io.camelworker.steps.metadata.MetadataEndpoint;
import io.camelworker.steps.storage.StorageComponent;
import io.camelworker.steps.storage.StorageEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component JSON the Camel tooling generated from the annotations, as Camel itself finds it (through the
 * META-INF/services entry of the scheme): what the catalog, Kaoto and the IDE plugins show documents every option.
 */
class ComponentMetadataTest {

    /** Every scheme the project ships; a new component is added here (the first test fails until it is). */
    static List<String> projectSchemes() {
        return List.of(WorkerComponent.SCHEME, NewRequestComponent.SCHEME, MetadataComponent.SCHEME, ArchiveComponent.SCHEME,
                FilesComponent.SCHEME, StorageComponent.SCHEME);
    }

    @Test
    void everyCamelComponentOfTheProjectIsListedWithItsScheme() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(org.apache.camel.Component.class));
        Map<String, String> found = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.camelworker")) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
            org.apache.camel.spi.annotations.Component scheme = type.getAnnotation(org.apache.camel.spi.annotations.Component.class);
            found.put(type.getName(), scheme == null ? "no @Component scheme" : scheme.value());
        }
        assertThat(found.values()).as("project components and their schemes: " + found)
                .containsExactlyInAnyOrderElementsOf(projectSchemes());
    }

    @ParameterizedTest
    @MethodSource("projectSchemes")
    void everySchemeHasATitleADescriptionAndADescriptionForEveryOption(String scheme) throws Exception {
        JsonNode json = componentJson(scheme);

        JsonNode component = json.path("component");
        assertThat(component.path("scheme").asText()).isEqualTo(scheme);
        assertThat(component.path("title").asText()).as(scheme + " title").isNotBlank();
        assertThat(component.path("description").asText()).as(scheme + " description").isNotBlank();
        assertThat(component.path("lenientProperties").asBoolean(true)).as(scheme + " lenient properties").isFalse();
        assertThat(json.path("properties").size()).as(scheme + " endpoint options").isPositive();
        assertThat(json.path("headers").size()).as(scheme + " headers").isPositive();

        List<String> undocumented = new ArrayList<>();
        for (String section : List.of("componentProperties", "properties", "headers")) {
            for (Map.Entry<String, JsonNode> option : json.path(section).properties()) {
                if (option.getValue().path("description").asText().isBlank()) {
                    undocumented.add(section + "." + option.getKey());
                }
            }
        }
        assertThat(undocumented).as(scheme + " options without description").isEmpty();
    }

    /**
     * The tooling sanitises descriptions as Javadoc, dropping for instance {@code <...>}, {@code *} and {@code +}: each
     * description must reach the JSON as the annotation wrote it.
     */
    @ParameterizedTest
    @MethodSource("projectSchemes")
    void everyDescriptionReachesTheMetadataAsWritten(String scheme) throws Exception {
        JsonNode json = componentJson(scheme);
        Class<?> endpoint = ENDPOINTS.get(scheme);
        UriEndpoint annotation = endpoint.getAnnotation(UriEndpoint.class);
        List<String> changed = new ArrayList<>();
        for (Field field : endpoint.getDeclaredFields()) {
            UriParam param = field.getAnnotation(UriParam.class);
            UriPath path = field.getAnnotation(UriPath.class);
            String written = param != null ? param.description() : path != null ? path.description() : null;
            // The tooling may append a note (e.g. about multi-valued options) after what was written.
            if (written != null && !json.path("properties").path(field.getName()).path("description").asText().startsWith(written)) {
                changed.add(field.getName() + ": " + json.path("properties").path(field.getName()).path("description").asText());
            }
        }
        for (Field constant : annotation.headersClass().getDeclaredFields()) {
            Metadata header = constant.getAnnotation(Metadata.class);
            JsonNode generated = json.path("headers").path((String) constant.get(null));
            if (header != null && !generated.isMissingNode() && !header.description().equals(generated.path("description").asText())) {
                changed.add(constant.getName() + ": " + generated.path("description").asText());
            }
        }
        assertThat(changed).as(scheme + " descriptions the tooling changed (reword them)").isEmpty();
    }

    private static final Map<String, Class<?>> ENDPOINTS = Map.of(WorkerComponent.SCHEME, WorkerEndpoint.class,
            NewRequestComponent.SCHEME, NewRequestEndpoint.class, MetadataComponent.SCHEME, MetadataEndpoint.class,
            ArchiveComponent.SCHEME, ArchiveEndpoint.class, FilesComponent.SCHEME, FilesEndpoint.class,
            StorageComponent.SCHEME, StorageEndpoint.class);

    /** The JSON of a scheme, found by Camel as the catalog tooling finds it. */
    static JsonNode componentJson(String scheme) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            String json = camel.getComponentParameterJsonSchema(scheme);
            assertThat(json).as("generated component JSON of " + scheme + " (run mvn process-classes)").isNotNull();
            return new ObjectMapper().readTree(json);
        }
    }
}
