package io.camelworker.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.nio.file.Path;

/** Tells a user whose routes setting matches nothing which setting to give, and how, instead of a stack trace. */
class RoutesNotFoundFailureAnalyzer extends AbstractFailureAnalyzer<RoutesNotFoundException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RoutesNotFoundException cause) {
        String action = "Set " + RouteLocations.PROPERTY + " (environment variable " + RouteLocations.ENVIRONMENT_VARIABLE
                + ") to a directory of " + RouteLocations.ROUTE_FILES + " files, a route file, or a route of the jar: "
                + String.join(", ", RouteLocations.shippedRoutes(new PathMatchingResourcePatternResolver()).stream()
                        .map(name -> RouteLocations.SHIPPED_ROUTES + name).toList())
                + ". Relative paths start from the working directory, " + Path.of("").toAbsolutePath() + ".";
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
