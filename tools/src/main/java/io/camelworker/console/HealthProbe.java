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

    /** The port when neither {@code THC_PORT} nor the worker's own ports are set: Spring Boot's default. */
    static final String DEFAULT_PORT = "8080";

    /** The address when the actuator listens on every interface. */
    static final String DEFAULT_ADDRESS = "127.0.0.1";

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

    /**
     * Where to probe: the port {@code THC_PORT}, else the actuator's own port ({@code MANAGEMENT_SERVER_PORT}, else
     * {@code SERVER_PORT}, else 8080); the path {@code THC_PATH}; the address {@code MANAGEMENT_SERVER_ADDRESS} when the
     * actuator listens on one address only, else the loopback.
     */
    static URI probeUri(Map<String, String> environment) {
        String port = firstOf(environment, "THC_PORT", "MANAGEMENT_SERVER_PORT", "SERVER_PORT");
        String path = firstOf(environment, "THC_PATH");
        String address = firstOf(environment, "MANAGEMENT_SERVER_ADDRESS");
        if (path == null) {
            path = DEFAULT_PATH;
        }
        String host = address == null ? DEFAULT_ADDRESS : address.contains(":") ? "[" + address + "]" : address;
        return URI.create("http://" + host + ":" + (port == null ? DEFAULT_PORT : port) + (path.startsWith("/") ? "" : "/")
                + path);
    }

    private static String firstOf(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
