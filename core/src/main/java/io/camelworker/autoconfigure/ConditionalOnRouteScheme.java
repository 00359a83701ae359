package io.camelworker.autoconfigure;

import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Wires a worker's steps only when this process needs them: when one of its routes calls the component of
 * {@link #value()}, when {@code worker.components.<scheme>.enabled} is true (a route built in Java, which no file shows),
 * or for the route author's commands ({@code worker.offline}), which check any route. {@code enabled: false} turns it
 * off whatever the routes say.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnRouteSchemeCondition.class)
public @interface ConditionalOnRouteScheme {

    /** The component's scheme, e.g. {@code storage}. */
    String value();
}
