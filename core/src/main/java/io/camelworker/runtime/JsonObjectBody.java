package io.camelworker.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/** Tells whether bytes are exactly one JSON object, the only body the Worker Manager accepts as a new request. */
final class JsonObjectBody {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonObjectBody() {
    }

    /**
     * Answers null when {@code body} is one well-formed JSON object, else what it is instead, for the error message:
     * {@code empty}, {@code a JSON array}, {@code a JSON string}, {@code not JSON (...)}.
     */
    static String describeIfNotAnObject(byte[] body) {
        if (body == null || body.length == 0) {
            return "empty";
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return "empty (blank)";
            }
            if (first != JsonToken.START_OBJECT) {
                return "a JSON " + kind(first);
            }
            // Reads the object through, then nothing may follow it.
            parser.skipChildren();
            JsonToken after = parser.nextToken();
            return after == null ? null : "not one JSON value: more follows the object";
        } catch (IOException e) {
            return "not JSON (" + e.getClass().getSimpleName() + " at byte " + locationOf(e) + ")";
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static long locationOf(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException json && json.getLocation() != null
                ? json.getLocation().getByteOffset() : -1;
    }
}
