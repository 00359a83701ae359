package io.camelworker.console;

import io.camelworker.outcome.Causes;
import org.apache.camel.CamelContext;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.RuntimeCamelCatalog;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.StringHelper;

import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The problems of one endpoint URI of a route, found as a worker would meet them when it creates the route: a scheme
 * no component has, options the component's metadata (Camel's {@link RuntimeCamelCatalog}, reading the JSON the Camel
 * tooling generated beside the component) does not know or requires, and whatever else Camel refuses when it creates
 * the endpoint.
 */
final class EndpointCheck {

    private final CamelContext camel;
    private final RuntimeCamelCatalog catalog;

    EndpointCheck(CamelContext camel) {
        this.camel = camel;
        this.catalog = PluginHelper.getRuntimeCamelCatalog(camel);
    }

    /** One line per problem of {@code uri} (its property placeholders resolved first); none when Camel creates it. */
    List<String> problems(String uri) {
        String resolved;
        try {
            resolved = camel.resolvePropertyPlaceholders(uri);
        } catch (RuntimeException e) {
            return List.of(RouteCheck.oneLine(Causes.root(e)));
        }
        String scheme = StringHelper.before(resolved, ":");
        if (scheme == null || !hasComponent(scheme)) {
            return List.of("unknown scheme '" + (scheme == null ? resolved : scheme) + "': no Camel component of that name"
                    + " in the worker (a typo, or its Camel dependency is missing)");
        }
        // Before Camel creates the endpoint: a component may refuse an empty path with a message of its own.
        List<String> options = optionProblems(scheme, resolved);
        if (!options.isEmpty()) {
            return options;
        }
        try {
            camel.getEndpoint(resolved);
            return List.of();
        } catch (RuntimeException e) {
            return List.of(RouteCheck.oneLine(Causes.root(e)));
        }
    }

    private boolean hasComponent(String scheme) {
        try {
            return camel.getComponent(scheme) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The options of the URI its component does not know (unless it takes any, as http: does), then the required ones
     * it lacks; none for a component without metadata, which Camel alone checks.
     */
    private List<String> optionProblems(String scheme, String uri) {
        if (catalog.componentJSonSchema(scheme) == null) {
            return List.of();
        }
        EndpointValidationResult result;
        try {
            result = catalog.validateProperties(scheme, catalog.endpointProperties(uri));
        } catch (URISyntaxException | RuntimeException e) {
            // A URI the catalog cannot parse: Camel's own refusal of it names the problem.
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        EndpointUriFactory uris = camel.getCamelContextExtension().getEndpointUriFactory(scheme);
        if (uris == null || !uris.isLenientProperties()) {
            names(result.getUnknown()).forEach(option -> problems.add("unknown option '" + option + "'"));
        }
        names(result.getRequired()).stream().sorted()
                .forEach(option -> problems.add("missing required option '" + option + "'"));
        return problems;
    }

    private static List<String> names(Set<?> options) {
        return options == null ? List.of() : options.stream().map(String::valueOf).toList();
    }
}
