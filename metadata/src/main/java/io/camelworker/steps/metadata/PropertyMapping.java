package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the values an extractor found become Feature properties, as a route declares them: one endpoint option
 * {@code property.<property>: <source>} per rule, and optionally {@code type.<property>: <type>}.
 *
 * <ul>
 *   <li>{@code property}: the Feature property, dots nesting it in fragments ({@code acquisition.start}); {@code {index}}
 *       stands for the file's index in the Feature's {@code files}, so that each file has properties of its own
 *       ({@code file_{index}.size} → {@code file_0.size}, {@code file_1.size});</li>
 *   <li>{@code type}: {@code auto} (default: numbers stay numbers, dates become ISO-8601 UTC), {@code string},
 *       {@code integer}, {@code double}, {@code boolean}, {@code date} (ISO-8601 input) or {@code date(<pattern>)}
 *       (a {@link DateTimeFormatter} pattern, read as UTC when it has no offset), always written as ISO-8601 UTC;</li>
 *   <li>{@code source}: what the extractor offers (a fact name, a regex group, a JSON Pointer, an XPath...).</li>
 * </ul>
 * One YAML entry per rule rather than a list in one parameter: Camel's YAML DSL turns {@code parameters} into an
 * endpoint URI, which keeps neither line breaks nor lists. A source without a value sets nothing (a JSON null would
 * unset the property in the Feature Manager); a value that does not convert to the type is INVALID_CONTENT naming the
 * property.
 */
public final class PropertyMapping {

    /** Prefix of the endpoint options that map a property to its source. */
    public static final String PROPERTY_PREFIX = "property.";
    /** Prefix of the endpoint options that give a property its type. */
    public static final String TYPE_PREFIX = "type.";

    private static final Pattern PROPERTY = Pattern.compile(
            "(?:[A-Za-z0-9_\\-]|\\{index})+(?:\\.(?:[A-Za-z0-9_\\-]|\\{index})+)*");
    private static final Pattern TYPE = Pattern.compile("(?<type>[a-z]+)(?:\\((?<pattern>[^)]*)\\))?");
    private static final String KNOWN_TYPES = "auto, string, integer, double, boolean, date, date(<pattern>)";

    private final List<MappingRule> rules;

    private PropertyMapping(List<MappingRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Reads the rules of a step's options.
     *
     * @param step    names the step in error messages, e.g. {@code metadata:file-name}
     * @param sources {@code property.<name>} options without their prefix: property → source
     * @param types   {@code type.<name>} options without their prefix: property → type
     * @throws IllegalArgumentException naming the step and the option of a malformed rule (the route does not start)
     */
    public static PropertyMapping of(String step, Map<String, ?> sources, Map<String, ?> types) {
        for (String typed : types.keySet()) {
            if (!sources.containsKey(typed)) {
                throw new IllegalArgumentException(step + " option " + TYPE_PREFIX + typed + ": there is no "
                        + PROPERTY_PREFIX + typed + " to give a type to");
            }
        }
        List<MappingRule> rules = new ArrayList<>();
        for (Map.Entry<String, ?> entry : sources.entrySet()) {
            String property = entry.getKey();
            String option = step + " option " + PROPERTY_PREFIX + property;
            if (!PROPERTY.matcher(property).matches()) {
                throw new IllegalArgumentException(option + ": '" + property + "' is not a property name: letters, digits,"
                        + " _ and -, dots between fragments, {index} for the file's index");
            }
            String source = entry.getValue() == null ? "" : entry.getValue().toString().strip();
            if (source.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a source, e.g. " + PROPERTY_PREFIX + "acquisition.orbit: orbit");
            }
            Object typeValue = types.get(property);
            String typeText = typeValue == null ? "auto" : typeValue.toString().strip();
            String typeOption = step + " option " + TYPE_PREFIX + property;
            Matcher matcher = TYPE.matcher(typeText);
            MappingRule.ValueType type;
            try {
                if (!matcher.matches()) {
                    throw new IllegalArgumentException(typeText);
                }
                type = MappingRule.ValueType.valueOf(matcher.group("type").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(typeOption + ": unknown type '" + typeText + "'; known: " + KNOWN_TYPES);
            }
            DateTimeFormatter pattern = null;
            if (matcher.group("pattern") != null) {
                if (type != MappingRule.ValueType.DATE) {
                    throw new IllegalArgumentException(typeOption + ": only date takes a pattern, not '" + typeText + "'");
                }
                try {
                    pattern = DateTimeFormatter.ofPattern(matcher.group("pattern"), Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(typeOption + ": invalid date pattern '" + matcher.group("pattern")
                            + "': " + e.getMessage());
                }
            }
            rules.add(new MappingRule(property, type, pattern, source));
        }
        return new PropertyMapping(rules);
    }

    public List<MappingRule> rules() {
        return rules;
    }

    /**
     * Sets the properties of every rule whose source has a value.
     *
     * @param values    looks a source up; answers null when it has no value
     * @param fileIndex the index of the file the values come from, for {@code {index}} in property names
     * @param origin    names where the values come from in error messages, e.g. {@code files[0] 'x.tif'}
     */
    public void apply(Function<String, Object> values, ProductUpdate update, int fileIndex, String origin) {
        for (MappingRule rule : rules) {
            Object value = values.apply(rule.source());
            if (value != null && !(value instanceof JsonNode node && (node.isNull() || node.isMissingNode()))) {
                update.setProperty(rule.property().replace("{index}", Integer.toString(fileIndex)), rule.convert(value, origin));
            }
        }
    }
}
