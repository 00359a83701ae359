package io.camelworker.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * Body of a worker → Worker Manager response (protocol spec §3).
 *
 * <p>{@code content} is serialised by Jackson as a standard Base64 string, as the manager's GSON adapter expects.
 *
 * @param status            the outcome
 * @param messages          human-readable reasons, joined by the manager into the request error
 * @param additionalHeaders headers added to the next workflow step's request (never {@code regards.*} keys)
 * @param content           the payload for the next step or the client; absent when the route produced none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerResponse(WorkerResponseStatus status, List<String> messages, Map<String, String> additionalHeaders,
                             byte[] content) {

    public static WorkerResponse running() {
        return new WorkerResponse(WorkerResponseStatus.RUNNING, List.of(), null, null);
    }

    public static WorkerResponse success(byte[] content, Map<String, String> additionalHeaders) {
        return new WorkerResponse(WorkerResponseStatus.SUCCESS, List.of(),
                additionalHeaders == null || additionalHeaders.isEmpty() ? null : additionalHeaders, content);
    }

    public static WorkerResponse invalidContent(String message) {
        return new WorkerResponse(WorkerResponseStatus.INVALID_CONTENT, List.of(message), null, null);
    }

    public static WorkerResponse error(String message) {
        return new WorkerResponse(WorkerResponseStatus.ERROR, List.of(message), null, null);
    }
}
