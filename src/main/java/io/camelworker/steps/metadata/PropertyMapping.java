package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.camelworker.outcome.InvalidContentException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Date;
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

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<Rule> rules;

    private PropertyMapping(List<Rule> rules) {
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
        List<Rule> rules = new ArrayList<>();
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
            ValueType type;
            try {
                if (!matcher.matches()) {
                    throw new IllegalArgumentException(typeText);
                }
                type = ValueType.valueOf(matcher.group("type").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(typeOption + ": unknown type '" + typeText + "'; known: " + KNOWN_TYPES);
            }
            DateTimeFormatter pattern = null;
            if (matcher.group("pattern") != null) {
                if (type != ValueType.DATE) {
                    throw new IllegalArgumentException(typeOption + ": only date takes a pattern, not '" + typeText + "'");
                }
                try {
                    pattern = DateTimeFormatter.ofPattern(matcher.group("pattern"), Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(typeOption + ": invalid date pattern '" + matcher.group("pattern")
                            + "': " + e.getMessage());
                }
            }
            rules.add(new Rule(property, type, pattern, source));
        }
        return new PropertyMapping(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Sets the properties of every rule whose source has a value.
     *
     * @param values    looks a source up; answers null when it has no value
     * @param fileIndex the index of the file the values come from, for {@code {index}} in property names
     * @param origin    names where the values come from in error messages, e.g. {@code files[0] 'x.tif'}
     */
    public void apply(Function<String, Object> values, ProductUpdate update, int fileIndex, String origin) {
        for (Rule rule : rules) {
            Object value = values.apply(rule.source());
            if (value != null && !(value instanceof JsonNode node && (node.isNull() || node.isMissingNode()))) {
                update.setProperty(rule.property().replace("{index}", Integer.toString(fileIndex)), rule.convert(value, origin));
            }
        }
    }

    /** The types a property value may be converted to. */
    public enum ValueType { AUTO, STRING, INTEGER, DOUBLE, BOOLEAN, DATE }

    /**
     * One rule.
     *
     * @param property    dotted property path
     * @param type        the JSON type written
     * @param datePattern how a text date is read, or null for ISO-8601
     * @param source      what the extractor looks up
     */
    public record Rule(String property, ValueType type, DateTimeFormatter datePattern, String source) {

        /** The endpoint option that declares the rule, for messages. */
        public String option() {
            return PROPERTY_PREFIX + property;
        }

        /** Converts a found value, or throws INVALID_CONTENT naming the property. */
        JsonNode convert(Object value, String origin) {
            Object plain = value instanceof JsonNode node && node.isValueNode() ? plainValue(node) : value;
            try {
                return switch (type) {
                    case AUTO -> auto(plain);
                    case STRING -> JSON.textNode(plain instanceof JsonNode node ? node.toString() : text(plain));
                    case INTEGER -> JSON.numberNode(integer(plain));
                    case DOUBLE -> JSON.numberNode(decimal(plain));
                    case BOOLEAN -> JSON.booleanNode(bool(plain));
                    case DATE -> JSON.textNode(DateTimeFormatter.ISO_INSTANT.format(date(plain)));
                };
            } catch (RuntimeException e) {
                throw new InvalidContentException("property '" + property + "' (type " + type.name().toLowerCase(Locale.ROOT)
                        + "): value '" + abbreviate(text(plain)) + "' of source '" + source + "' in " + origin
                        + " is not a valid " + type.name().toLowerCase(Locale.ROOT) + (datePattern == null ? "" : " of the rule's pattern"));
            }
        }

        private JsonNode auto(Object value) {
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
            if (value instanceof Instant || value instanceof Date || value instanceof TemporalAccessor) {
                return JSON.textNode(DateTimeFormatter.ISO_INSTANT.format(date(value)));
            }
            return JSON.textNode(text(value));
        }

        private static long integer(Object value) {
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof Number n) {
                return new BigDecimal(n.toString()).longValueExact();
            }
            if (value instanceof String s) {
                return new BigInteger(s.strip()).longValueExact();
            }
            throw new IllegalArgumentException("not an integer");
        }

        private static double decimal(Object value) {
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            if (value instanceof String s) {
                double d = Double.parseDouble(s.strip());
                if (Double.isFinite(d)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("not a number");
        }

        private static boolean bool(Object value) {
            if (value instanceof Boolean b) {
                return b;
            }
            if (value instanceof String s && (s.strip().equalsIgnoreCase("true") || s.strip().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(s.strip());
            }
            throw new IllegalArgumentException("not a boolean");
        }

        private Instant date(Object value) {
            if (value instanceof Instant instant) {
                return roundedToMillis(instant);
            }
            if (value instanceof Date d) {
                return d.toInstant();
            }
            if (value instanceof TemporalAccessor temporal && !(value instanceof String)) {
                return fromTemporal(temporal);
            }
            if (!(value instanceof String s)) {
                throw new IllegalArgumentException("not a date");
            }
            String text = s.strip();
            if (datePattern != null) {
                return fromTemporal(datePattern.parse(text));
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                }
            }
        }

        /** A date without offset is UTC, a date without time is midnight. */
        private static Instant fromTemporal(TemporalAccessor temporal) {
            if (temporal.isSupported(ChronoField.INSTANT_SECONDS)) {
                return Instant.from(temporal);
            }
            if (temporal.isSupported(ChronoField.HOUR_OF_DAY)) {
                return LocalDateTime.from(temporal).toInstant(ZoneOffset.UTC);
            }
            return LocalDate.from(temporal).atStartOfDay().toInstant(ZoneOffset.UTC);
        }

        /** Sub-millisecond digits of dates read from binary headers are float noise (e.g. 10:30:20.999999762). */
        private static Instant roundedToMillis(Instant instant) {
            long nanos = instant.getNano() % 1_000_000;
            Instant truncated = instant.minusNanos(nanos);
            return nanos >= 500_000 ? truncated.plusMillis(1) : truncated;
        }

        private static Object plainValue(JsonNode node) {
            if (node.isNull()) {
                return null;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber()) {
                return node.longValue();
            }
            if (node.isNumber()) {
                return node.doubleValue();
            }
            return node.asText();
        }

        private static String text(Object value) {
            if (value instanceof Instant || value instanceof Date) {
                return DateTimeFormatter.ISO_INSTANT.format(value instanceof Date d ? d.toInstant() : (Instant) value);
            }
            return String.valueOf(value);
        }

        private static String abbreviate(String text) {
            return text.length() <= 80 ? text : text.substring(0, 77) + "...";
        }
    }
}
