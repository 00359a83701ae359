package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.camelworker.outcome.InvalidContentException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapping rules a route declares: reading, nesting, type conversion and the errors that name the option. */
class PropertyMappingTest {

    /** Rules written as a route writes them, {@code property.<name>: <source>} and {@code type.<name>: <type>}. */
    private static PropertyMapping mapping(String... options) {
        Map<String, Object> sources = new LinkedHashMap<>();
        Map<String, Object> types = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            if (options[i].startsWith(PropertyMapping.TYPE_PREFIX)) {
                types.put(options[i].substring(PropertyMapping.TYPE_PREFIX.length()), options[i + 1]);
            } else {
                sources.put(options[i].substring(PropertyMapping.PROPERTY_PREFIX.length()), options[i + 1]);
            }
        }
        return PropertyMapping.of("metadata:file-name", sources, types);
    }

    private static ProductUpdate apply(PropertyMapping mapping, Map<String, Object> values) {
        ProductUpdate update = new ProductUpdate(null);
        mapping.apply(values::get, update, 3, "files[3] 'x'");
        return update;
    }

    @Test
    void rulesNestPropertiesInFragmentsAndConvertTypes() {
        ProductUpdate update = apply(mapping("property.a.b", "n", "type.a.b", "integer", "property.a.c", "d", "type.a.c", "double",
                        "property.flag", "f", "type.flag", "boolean", "property.when", "t", "type.when", "date(yyyyMMdd'T'HHmmss)",
                        "property.text", "n", "type.text", "string", "property.raw", "j"),
                Map.of("n", "01234", "d", "12.5", "f", "TRUE", "t", "20240115T103021", "j", JsonNodeFactory.instance.numberNode(7)));

        assertThat(update.properties().toString()).isEqualTo(
                "{\"a\":{\"b\":1234,\"c\":12.5},\"flag\":true,\"when\":\"2024-01-15T10:30:21Z\",\"text\":\"01234\",\"raw\":7}");
    }

    @Test
    void autoTypeWritesDatesAsIsoUtcRoundedToTheMillisecond() {
        ProductUpdate update = apply(mapping("property.start", "s", "property.count", "c"), Map.of("s", Instant.parse("2024-01-15T10:30:20.999999762Z"), "c", 3));

        assertThat(update.properties().toString()).isEqualTo("{\"start\":\"2024-01-15T10:30:21Z\",\"count\":3}");
    }

    @Test
    void sourceWithoutValueSetsNothing() {
        ProductUpdate update = apply(mapping("property.a.b", "missing", "property.c", "JSON_NULL"), Map.of("JSON_NULL", JsonNodeFactory.instance.nullNode()));

        assertThat(update.properties().isEmpty()).isTrue();
    }

    @Test
    void valueOfTheWrongTypeIsInvalidContentNamingThePropertyAndTheSource() {
        assertThatThrownBy(() -> apply(mapping("property.orbit", "mission", "type.orbit", "integer"), Map.of("mission", "S2X")))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("property 'orbit' (type integer): value 'S2X' of source 'mission' in files[3] 'x' is not a valid integer");
    }

    @Test
    void indexInAPropertyNameIsTheFilesIndexSoThatEachFileHasItsOwn() {
        ProductUpdate update = apply(mapping("property.file_{index}.size", "n", "type.file_{index}.size", "integer",
                "property.f{index}x", "n"), Map.of("n", "5"));

        assertThat(update.properties().toString()).isEqualTo("{\"file_3\":{\"size\":5},\"f3x\":\"5\"}");
    }

    @Test
    void aMalformedRuleStopsTheRouteNamingTheStepAndTheOption() {
        assertThatThrownBy(() -> mapping("property.orbit", "o", "type.orbit", "long"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metadata:file-name option type.orbit: unknown type 'long'; known: auto, string, integer, double,"
                        + " boolean, date, date(<pattern>)");
        assertThatThrownBy(() -> mapping("property.orbit", "o", "type.orbt", "integer"))
                .hasMessage("metadata:file-name option type.orbt: there is no property.orbt to give a type to");
        assertThatThrownBy(() -> mapping("property.orbit", " "))
                .hasMessageStartingWith("metadata:file-name option property.orbit needs a source");
        assertThatThrownBy(() -> mapping("property.orbit/number", "o"))
                .hasMessageStartingWith("metadata:file-name option property.orbit/number: 'orbit/number' is not a property name");
        assertThatThrownBy(() -> mapping("property.orbit", "o", "type.orbit", "integer(x)"))
                .hasMessage("metadata:file-name option type.orbit: only date takes a pattern, not 'integer(x)'");
        assertThatThrownBy(() -> mapping("property.when", "t", "type.when", "date(yyyy-pp)"))
                .hasMessageStartingWith("metadata:file-name option type.when: invalid date pattern 'yyyy-pp'");
    }
}
