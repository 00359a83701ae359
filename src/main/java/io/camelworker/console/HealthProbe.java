package io.camelworker.console;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * The image's health check: {@code GET http://127.0.0.1:$THC_PORT$THC_PATH}, healthy on a 2xx answer. It reads the variables
 * REGARDS' Swarm stacks give Paketo's health checker, and needs nothing but the JRE, whatever the base image's shell.
 *
 * <p>Exit status, as Docker reads it: 0 healthy, 1 unhealthy.
 */
public final class HealthProbe {

    /** The port when {@code THC_PORT} is not set: the worker's own {@code server.port}, else Spring Boot's default. */
    static final String DEFAULT_PORT = "8080";

    /** The liveness group: a broker outage (which the worker rides out by reconnecting) must not get the container restarted. */
    static final String DEFAULT_PATH = "/actuator/health/liveness";

    /** Connect and read timeout; Docker's own --timeout bounds the whole probe. */
    private static final int TIMEOUT_MILLIS = 5_000;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        URI uri = probeUri(System.getenv());
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            int status = connection.getResponseCode();
            System.out.println(uri + " answered " + status);
            System.exit(status / 100 == 2 ? 0 : 1);
        } catch (IOException | RuntimeException e) {
            System.out.println(uri + " did not answer: " + e);
            System.exit(1);
        }
    }

    /** Where to probe, from {@code THC_PORT} (else {@code SERVER_PORT}, else 8080) and {@code THC_PATH}. */
    static URI probeUri(Map<String, String> environment) {
        String port = valueOf(environment, "THC_PORT");
        if (port == null) {
            port = valueOf(environment, "SERVER_PORT");
        }
        String path = valueOf(environment, "THC_PATH");
        if (path == null) {
            path = DEFAULT_PATH;
        }
        return URI.create("http://127.0.0.1:" + (port == null ? DEFAULT_PORT : port) + (path.startsWith("/") ? "" : "/") + path);
    }

    private static String valueOf(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
