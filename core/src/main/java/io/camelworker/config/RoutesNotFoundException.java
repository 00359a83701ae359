package io.camelworker.config;

/** The routes setting names no route file: the worker would run nothing, so it does not start. */
public class RoutesNotFoundException extends RuntimeException {

    private final String property;

    RoutesNotFoundException(String property, String value, String problem) {
        super(property + " '" + value + "' matches no route file: " + problem);
        this.property = property;
    }

    /** The setting that was given ({@code worker.routes} or {@code camel.main.routes-include-pattern}). */
    public String getProperty() {
        return property;
    }
}
