package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.camelworker.outcome.InvalidContentException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapping rules a route declares: parsing, nesting, type conversion and the errors that name the property. */
class PropertyMappingTest {

    private static ProductUpdate apply(String rules, Map<String, Object> values) {
        ProductUpdate update = new ProductUpdate(null);
        PropertyMapping.parse("properties", rules).apply(values::get, update, 3, "files[3] 'x'");
        return update;
    }

    @Test
    void rulesNestPropertiesInFragmentsAndConvertTypes() {
        ProductUpdate update = apply("a.b:integer = n; a.c:double = d; flag:boolean = f; when:date(yyyyMMdd'T'HHmmss) = t;"
                        + " text:string = n; raw = j",
                Map.of("n", "01234", "d", "12.5", "f", "TRUE", "t", "20240115T103021", "j", JsonNodeFactory.instance.numberNode(7)));

        assertThat(update.properties().toString()).isEqualTo(
                "{\"a\":{\"b\":1234,\"c\":12.5},\"flag\":true,\"when\":\"2024-01-15T10:30:21Z\",\"text\":\"01234\",\"raw\":7}");
    }

    @Test
    void autoTypeWritesDatesAsIsoUtcRoundedToTheMillisecond() {
        ProductUpdate update = apply("start = s; count = c", Map.of("s", Instant.parse("2024-01-15T10:30:20.999999762Z"), "c", 3));

        assertThat(update.properties().toString()).isEqualTo("{\"start\":\"2024-01-15T10:30:21Z\",\"count\":3}");
    }

    @Test
    void sourceWithoutValueSetsNothing() {
        ProductUpdate update = apply("a.b = missing; c = JSON_NULL", Map.of("JSON_NULL", JsonNodeFactory.instance.nullNode()));

        assertThat(update.properties().isEmpty()).isTrue();
    }

    @Test
    void valueOfTheWrongTypeIsInvalidContentNamingThePropertyAndTheSource() {
        assertThatThrownBy(() -> apply("orbit:integer = mission", Map.of("mission", "S2X")))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("property 'orbit' (type integer): value 'S2X' of source 'mission' in files[3] 'x' is not a valid integer");
    }

    @Test
    void indexInAPropertyNameIsTheFilesIndexSoThatEachFileHasItsOwn() {
        ProductUpdate update = apply("file_{index}.size:integer = n; f{index}x = n", Map.of("n", "5"));

        assertThat(update.properties().toString()).isEqualTo("{\"file_3\":{\"size\":5},\"f3x\":\"5\"}");
    }

    @Test
    void malformedRuleOrUnknownTypeStopsTheRouteWithTheParameterName() {
        assertThatThrownBy(() -> PropertyMapping.parse("metadata:file-name parameter properties", "orbit integer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metadata:file-name parameter properties: rule 'orbit integer' must read");
        assertThatThrownBy(() -> PropertyMapping.parse("properties", "orbit:long = o"))
                .hasMessageContaining("unknown type 'long'");
    }
}
