package io.camelworker.autoconfigure;

import io.camelworker.config.RouteSchemes;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Decides {@link ConditionalOnRouteScheme}: the setting first, then the route author's commands, then the routes. */
class OnRouteSchemeCondition extends SpringBootCondition {

    /** Camel's setting, which {@code worker.routes} sets before any condition is evaluated. */
    private static final String ROUTES = "camel.main.routes-include-pattern";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String scheme = (String) metadata.getAnnotationAttributes(ConditionalOnRouteScheme.class.getName()).get("value");
        Environment environment = context.getEnvironment();
        String setting = "worker.components." + scheme + ".enabled";
        Boolean enabled = environment.getProperty(setting, Boolean.class);
        if (enabled != null) {
            return new ConditionOutcome(enabled, setting + "=" + enabled);
        }
        if (environment.getProperty("worker.offline", Boolean.class, false)) {
            return ConditionOutcome.match("worker.offline: the route author's commands check any route");
        }
        String routes = environment.getProperty(ROUTES);
        if (routes == null || routes.isBlank()) {
            return ConditionOutcome.noMatch("no route files (" + ROUTES + " is not set)");
        }
        try {
            List<String> files = RouteSchemes.filesUsing(scheme, routes,
                    new PathMatchingResourcePatternResolver(context.getResourceLoader()));
            return files.isEmpty()
                    ? ConditionOutcome.noMatch("no route of " + routes + " calls " + scheme + ":")
                    : ConditionOutcome.match("routes calling " + scheme + ": " + files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the routes " + routes + " to see whether they call " + scheme + ":", e);
        }
    }
}
