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
import java.util.Date;
import java.util.Locale;

/**
 * One rule of a step's mapping: which Feature property a source's value sets, and how the value is converted to
 * the property's JSON type.
 *
 * @param property    dotted property path
 * @param type        the JSON type written
 * @param datePattern how a text date is read, or null for ISO-8601
 * @param source      what the extractor looks up
 */
public record MappingRule(String property, ValueType type, DateTimeFormatter datePattern, String source) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The types a property value may be converted to. */
    public enum ValueType { AUTO, STRING, INTEGER, DOUBLE, BOOLEAN, DATE }

    /** The endpoint option that declares the rule, for messages. */
    public String option() {
        return PropertyMapping.PROPERTY_PREFIX + property;
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
    static Instant roundedToMillis(Instant instant) {
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
