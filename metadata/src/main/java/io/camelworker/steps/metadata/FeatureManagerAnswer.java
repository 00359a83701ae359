package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Feature Manager's answer to a request, a {@code FeatureRequestEvent} (payloads spec §4.4):
 * {@code {"type","requestId","requestOwner","id","urn","state","errors":[...]}}.
 *
 * @param requestId the {@code regards.request.id} of the request answered
 * @param state     GRANTED or DENIED at registration, SUCCESS or ERROR after processing
 * @param errors    why it was denied or failed; empty otherwise
 */
public record FeatureManagerAnswer(String requestId, State state, List<String> errors) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** {@code RequestState} of the Feature Manager. */
    public enum State { GRANTED, DENIED, SUCCESS, ERROR }

    /** Reads an answer; null when it is not one (no request id, or a state this worker does not know). */
    static FeatureManagerAnswer parse(byte[] body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (tree == null || !tree.path("requestId").isTextual()) {
            return null;
        }
        State state;
        try {
            state = State.valueOf(tree.path("state").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
        List<String> errors = new ArrayList<>();
        tree.path("errors").forEach(error -> errors.add(error.isTextual() ? error.asText() : error.toString()));
        return new FeatureManagerAnswer(tree.get("requestId").asText(), state, List.copyOf(errors));
    }
}
