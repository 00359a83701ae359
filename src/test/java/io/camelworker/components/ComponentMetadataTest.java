package io.camelworker.components;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelworker.camel.NewRequestComponent;
import io.camelworker.camel.WorkerComponent;
import io.camelworker.steps.metadata.MetadataComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component JSON the Camel tooling generated from the annotations, as Camel itself finds it (through the
 * META-INF/services entry of the scheme): what the catalog, Kaoto and the IDE plugins show documents every option.
 */
class ComponentMetadataTest {

    /** Every scheme the project ships; a new component is added here. */
    static List<String> projectSchemes() {
        return List.of(WorkerComponent.SCHEME, NewRequestComponent.SCHEME, MetadataComponent.SCHEME);
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

    /** The JSON of a scheme, found by Camel as the catalog tooling finds it. */
    static JsonNode componentJson(String scheme) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            String json = camel.getComponentParameterJsonSchema(scheme);
            assertThat(json).as("generated component JSON of " + scheme + " (run mvn process-classes)").isNotNull();
            return new ObjectMapper().readTree(json);
        }
    }
}
