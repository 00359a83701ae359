package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * The values a sandbox process read from one file (a fact, a tag, a sidecar's value by its source), as JSON values: the
 * worker applies the property mapping to them, as it did to the values it read itself. Numbers stay numbers (integral
 * ones as long), dates become ISO-8601 UTC text, anything else its text; a sidecar's JSON value stays as it was.
 *
 * @param values source → value; a source without a value is absent
 */
public record ExtractedValues(Map<String, JsonNode> values) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public ExtractedValues {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    /** The value of a source, or null: what {@link PropertyMapping#apply} looks up. */
    public Object get(String source) {
        return values.get(source);
    }

    /** A number's value, for the facts the worker itself uses (the bounding box). */
    public double number(String source) {
        return values.get(source).doubleValue();
    }

    /** The values of objects read by a format library, nulls left out. */
    public static ExtractedValues of(Map<String, ?> found) {
        Map<String, JsonNode> values = new HashMap<>();
        found.forEach((source, value) -> {
            if (value != null) {
                values.put(source, node(value));
            }
        });
        return new ExtractedValues(values);
    }

    private static JsonNode node(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JSON.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return JSON.numberNode(n.doubleValue());
        }
        if (value instanceof Date date) {
            return JSON.textNode(DateTimeFormatter.ISO_INSTANT.format(date.toInstant()));
        }
        if (value instanceof Instant instant) {
            return JSON.textNode(DateTimeFormatter.ISO_INSTANT.format(MappingRule.roundedToMillis(instant)));
        }
        return JSON.textNode(String.valueOf(value));
    }
}
