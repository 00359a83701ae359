package io.camelworker.steps.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Finds the {@code requestId} of a Feature Manager answer without reading the rest. The answers' exchange is a fanout:
 * every replica receives the answers to every request, and keeps only those it waits for. REGARDS puts no request id
 * header on these answers (a {@code FeatureRequestEvent} is not header-aware), so the id is read from the body, where
 * Gson writes it second, after {@code type}: a handful of tokens, no tree, no object mapping.
 */
final class FeatureAnswerPeek {

    private static final JsonFactory FACTORY = new JsonFactory();

    private FeatureAnswerPeek() {
    }

    /** The top-level {@code requestId} string, or null when the body has none or is not a JSON object. */
    static String requestId(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("requestId".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
