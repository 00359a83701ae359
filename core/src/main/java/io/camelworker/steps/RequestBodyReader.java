package io.camelworker.steps;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.camelworker.outcome.InvalidContentException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.io.IOException;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a JSON request body into a typed request and validates it; anything wrong is an {@link InvalidContentException}
 * naming the field and the rule. Unknown fields are ignored, as REGARDS bodies carry more than a worker reads.
 */
public class RequestBodyReader {

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .findAndAddModules()
            .build();
    private final Validator validator;

    public RequestBodyReader(Validator validator) {
        this.validator = validator;
    }

    public <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new InvalidContentException("request body is empty; expected a JSON " + type.getSimpleName());
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (JsonParseException e) {
            throw new InvalidContentException("request body is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "request body" : "field '" + fieldPath(e) + "'";
            throw new InvalidContentException(field + " is not a valid " + type.getSimpleName() + " value: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidContentException("request body cannot be read: " + e.getMessage(), e);
        }
        if (value == null) {
            throw new InvalidContentException("request body is JSON null; expected a " + type.getSimpleName());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new InvalidContentException(violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> "field '" + v.getPropertyPath() + "' " + v.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return value;
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
