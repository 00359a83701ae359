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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the values an extractor found become Feature properties, as a route declares it: rules
 * {@code <property>[:<type>] = <source>} separated by {@code ;} (Camel drops the line breaks of endpoint parameters).
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
 * A source without a value sets nothing (a JSON null would unset the property in the Feature Manager); a value that does
 * not convert to the type is INVALID_CONTENT naming the property.
 */
public final class PropertyMapping {

    private static final Pattern RULE = Pattern.compile(
            "\\s*(?<property>(?:[A-Za-z0-9_\\-]|\\{index})+(?:\\.(?:[A-Za-z0-9_\\-]|\\{index})+)*)\\s*(?::\\s*(?<type>[a-z]+)(?:\\((?<pattern>[^)]*)\\))?)?\\s*=\\s*(?<source>.*\\S)\\s*");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<Rule> rules;

    private PropertyMapping(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Reads the rules of a step parameter.
     *
     * @param parameter names the step parameter in error messages
     * @throws IllegalArgumentException naming the parameter and the rule when one is malformed (the route does not start)
     */
    public static PropertyMapping parse(String parameter, String text) {
        List<Rule> rules = new ArrayList<>();
        if (text == null) {
            return new PropertyMapping(rules);
        }
        for (String line : text.split("[\\n;]")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher matcher = RULE.matcher(line);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(parameter + ": rule '" + line.strip()
                        + "' must read '<property>[:<type>] = <source>', e.g. 'acquisition.orbit:integer = orbit'");
            }
            String typeName = matcher.group("type") == null ? "auto" : matcher.group("type");
            ValueType type;
            try {
                type = ValueType.valueOf(typeName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(parameter + ": rule '" + line.strip() + "' has unknown type '" + typeName
                        + "'; known: auto, string, integer, double, boolean, date, date(<pattern>)");
            }
            DateTimeFormatter pattern = null;
            if (matcher.group("pattern") != null) {
                if (type != ValueType.DATE) {
                    throw new IllegalArgumentException(parameter + ": rule '" + line.strip() + "': only date takes a pattern");
                }
                try {
                    pattern = DateTimeFormatter.ofPattern(matcher.group("pattern"), Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(parameter + ": rule '" + line.strip() + "' has an invalid date pattern: "
                            + e.getMessage());
                }
            }
            rules.add(new Rule(matcher.group("property"), type, pattern, matcher.group("source")));
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
