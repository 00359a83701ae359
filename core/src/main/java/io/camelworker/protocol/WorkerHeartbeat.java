package io.camelworker.protocol;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Body of a heartbeat (protocol spec §4).
 *
 * @param id            unique per worker process; the manager counts instances with it
 * @param type          the worker type, exactly as configured in the manager (case-sensitive)
 * @param heartBeatDate ISO-8601 UTC instant; the manager drops heartbeats older than its expiry (60 s by default)
 */
public record WorkerHeartbeat(String id, String type, String heartBeatDate) {

    public static WorkerHeartbeat now(String id, String type) {
        return new WorkerHeartbeat(id, type, DateTimeFormatter.ISO_INSTANT.format(Instant.now()));
    }
}
