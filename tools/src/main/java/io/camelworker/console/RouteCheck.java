package io.camelworker.console;

import io.camelworker.config.RouteLocations;
import io.camelworker.config.RoutesNotFoundException;
import io.camelworker.outcome.Causes;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.StringHelper;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/check-routes}: loads route files into a worker that runs offline ({@link OfflineWorker}) and reports
 * every problem in one line naming the file, the route and the step or option: a file Camel cannot read (YAML),
 * an unknown scheme, an unknown or missing required option (the component's metadata, through Camel's catalog:
 * {@link EndpointCheck}), and whatever stops the route from starting (a missing bean, an option the component refuses).
 * A route without problems is started as a worker would start it, its consumer offline.
 */
public final class RouteCheck {

    static final int GOOD = 0;
    static final int PROBLEMS = 1;
    static final int USAGE = ManagerConsole.USAGE;
    static final int ROUTES_NOT_FOUND = 66;
    static final int CANNOT_START = 70;

    /** The routes a worker of the jar runs when none are given. */
    static final String SHIPPED_ROUTES = "classpath:routes/*.camel.yaml";

    static final String USAGE_TEXT = """
            usage: bin/check-routes [--routes <dir|file|classpath:...>[,...]] [--name.of.setting=value ...]
              --routes <locations>  route files: directories (their *.camel.yaml), files or classpath: locations,
                                    comma-separated, as worker.routes takes them (default $WORKER_ROUTES, else the
                                    routes of the jar)
              --name=value          a worker setting, as on the worker's command line (--worker.files.allowed-roots=/data)
              --help                this text
            Prints one line per problem (file: route: step: problem), or each route and its steps.
            No broker is needed: nothing connects to RabbitMQ.
            exit status: 0 all routes good, 1 problems found, 64 bad usage, 66 --routes matches no file,
              70 the worker cannot start with these settings
            """;

    private static final Pattern FAILED_STEP = Pattern.compile(">>> (.*?) <<<");

    private final PrintStream out;
    private final PrintStream err;

    RouteCheck(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new RouteCheck(System.out, System.err).run(args, System.getenv()));
    }

    int run(String[] args, Map<String, String> environment) {
        AuthorArguments arguments;
        try {
            arguments = AuthorArguments.parse(args, Set.of("routes"));
        } catch (ConsoleArguments.UsageException e) {
            err.println(e.getMessage() + " (bin/check-routes --help for the options)");
            return USAGE;
        }
        if (arguments.help()) {
            out.print(USAGE_TEXT);
            return GOOD;
        }
        String routes = arguments.option("routes", environment.getOrDefault(OfflineWorker.ROUTES_VARIABLE, SHIPPED_ROUTES));
        try (OfflineWorker worker = OfflineWorker.start(arguments.properties())) {
            Report report = load(worker.camel(), routeFiles(worker.camel(), routes));
            report.problems().forEach(err::println);
            if (!report.problems().isEmpty()) {
                err.printf("%d problem%s in %d route file%s%n", report.problems().size(), plural(report.problems().size()),
                        report.files(), plural(report.files()));
                return PROBLEMS;
            }
            report.routes().forEach(out::println);
            out.printf("%d route%s, %d step%s in %d file%s: all good%n", report.routes().size(), plural(report.routes().size()),
                    report.steps(), plural(report.steps()), report.files(), plural(report.files()));
            return GOOD;
        } catch (RoutesNotFound e) {
            err.println(e.getMessage());
            return ROUTES_NOT_FOUND;
        } catch (RuntimeException e) {
            err.println("the worker cannot start with these settings: " + oneLine(Causes.root(e)));
            return CANNOT_START;
        }
    }

    private static String plural(int count) {
        return count == 1 ? "" : "s";
    }

    /**
     * What loading route files came to: a line per problem, a line per route started, and the number of steps.
     *
     * @param files    route files read
     * @param problems one line each: {@code file: route id: step: problem}
     * @param routes   one line per route started: file, id, its consumer and its steps
     * @param steps    steps of the routes started, nested ones included
     * @param started  ids of the routes started
     */
    record Report(int files, List<String> problems, List<String> routes, int steps, List<String> started) {
    }

    /** The route files of a {@code worker.routes}-style value, in order; a location that matches none is refused. */
    static List<Resource> routeFiles(CamelContext camel, String routes) {
        List<Resource> files = new ArrayList<>();
        String pattern;
        try {
            pattern = RouteLocations.includePattern(routes);
        } catch (RoutesNotFoundException e) {
            throw new RoutesNotFound(e.getMessage().replaceFirst("^worker\\.routes", "--routes"));
        }
        for (String location : pattern.split(",")) {
            Collection<Resource> found;
            try {
                found = PluginHelper.getPackageScanResourceResolver(camel).findResources(location);
            } catch (Exception e) {
                throw new RoutesNotFound(routes, location + " cannot be read: " + oneLine(e));
            }
            if (found.isEmpty()) {
                throw new RoutesNotFound(routes, "nothing matches " + location);
            }
            found.stream().sorted((a, b) -> a.getLocation().compareTo(b.getLocation())).forEach(files::add);
        }
        return files;
    }

    /** Loads, checks and starts the routes of {@code files}, file by file. */
    static Report load(CamelContext camel, List<Resource> files) {
        List<String> problems = new ArrayList<>();
        List<String> routes = new ArrayList<>();
        List<String> started = new ArrayList<>();
        EndpointCheck endpoints = new EndpointCheck(camel);
        int steps = 0;
        for (Resource file : files) {
            String name = shown(file);
            List<RouteBuilder> builders = new ArrayList<>();
            try {
                for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(file)) {
                    if (builder instanceof RouteBuilder routeBuilder) {
                        routeBuilder.configureRoutes(camel);
                        builders.add(routeBuilder);
                    }
                }
            } catch (Exception e) {
                problems.add(name + ": cannot be read as routes: " + Causes.find(e, MarkedYamlEngineException.class)
                        .map(RouteCheck::yamlProblem).orElseGet(() -> oneLine(Causes.root(e))));
                continue;
            }
            List<String> fileProblems = new ArrayList<>();
            List<RouteDefinition> definitions = builders.stream()
                    .flatMap(builder -> builder.getRouteCollection().getRoutes().stream()).toList();
            if (definitions.isEmpty()) {
                fileProblems.add(name + ": holds no route");
            }
            definitions.forEach(route -> checkEndpoints(endpoints, name, route, fileProblems));
            if (fileProblems.isEmpty()) {
                try {
                    for (RouteBuilder builder : builders) {
                        camel.addRoutes(builder);
                    }
                } catch (Exception e) {
                    fileProblems.add(name + ": route " + routeId(e, definitions) + ": " + startProblem(e));
                }
            }
            problems.addAll(fileProblems);
            if (fileProblems.isEmpty()) {
                for (RouteDefinition route : definitions) {
                    int count = countSteps(route.getOutputs());
                    steps += count;
                    started.add(route.getRouteId());
                    routes.add(name + ": route " + route.getRouteId() + " from " + label(route.getInput().getEndpointUri())
                            + ", " + count + " step" + plural(count) + ": " + describe(route.getOutputs()));
                }
            }
        }
        return new Report(files.size(), problems, routes, steps, started);
    }

    /** Checks every endpoint of the route ({@link EndpointCheck}) before Camel creates it. */
    private static void checkEndpoints(EndpointCheck check, String file, RouteDefinition route, List<String> problems) {
        String where = file + ": route " + (route.getRouteId() != null ? route.getRouteId()
                : "(no id, from " + label(route.getInput().getEndpointUri()) + ")");
        Set<String> uris = new LinkedHashSet<>();
        uris.add(route.getInput().getEndpointUri());
        for (EndpointRequiredDefinition step : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                EndpointRequiredDefinition.class)) {
            if (!(step instanceof ToDynamicDefinition) && step.getEndpointUri() != null) {
                uris.add(step.getEndpointUri());
            }
        }
        for (String uri : uris) {
            check.problems(uri).forEach(problem -> problems.add(where + ": " + label(uri) + ": " + problem));
        }
    }

    private static String routeId(Exception failure, List<RouteDefinition> definitions) {
        return Causes.stream(failure).map(RouteCheck::failedRouteId).filter(Objects::nonNull).findFirst()
                .orElse(definitions.size() == 1 && definitions.get(0).getRouteId() != null ? definitions.get(0).getRouteId() : "?");
    }

    /** The id of the route a failure to create or start one names, or null. */
    private static String failedRouteId(Throwable failure) {
        if (failure instanceof FailedToCreateRouteException created) {
            return created.getRouteId();
        }
        return failure instanceof FailedToStartRouteException start ? start.getRouteId() : null;
    }

    /**
     * What the YAML parser found and where, in one line: {@code while scanning a quoted scalar at line 5, column 12
     * (uri: "regards-worker:x): found unexpected end of stream at line 7, column 1}.
     */
    static String yamlProblem(MarkedYamlEngineException failure) {
        String context = failure.getContext() == null ? "" : failure.getContext() + at(failure.getContextMark()) + ": ";
        return context + failure.getProblem() + at(failure.getProblemMark());
    }

    /** Where a mark is, with its line of the file when it has one. */
    private static String at(Optional<Mark> mark) {
        return mark.map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)
                + m.createSnippet().lines().findFirst().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> " (" + line + ")").orElse("")).orElse("");
    }

    /**
     * Why a route did not start: the step Camel names, and the root cause. Camel names the failing step in the message
     * of its {@link FailedToCreateRouteException} only (the exception keeps the route's id and location, not the step).
     */
    private static String startProblem(Exception failure) {
        Matcher step = FAILED_STEP.matcher(String.valueOf(failure.getMessage()));
        String cause = oneLine(Causes.root(failure));
        return step.find() ? step.group(1) + ": " + cause : cause;
    }

    private static int countSteps(List<ProcessorDefinition<?>> outputs) {
        int count = 0;
        for (ProcessorDefinition<?> step : outputs) {
            count += 1 + countSteps(step.getOutputs());
        }
        return count;
    }

    /** The top-level steps, briefly: {@code to files:delete, to metadata:file-facts, choice}. */
    private static String describe(List<ProcessorDefinition<?>> outputs) {
        List<String> labels = new ArrayList<>();
        for (ProcessorDefinition<?> step : outputs) {
            if (step instanceof ProcessDefinition process && process.getRef() != null) {
                labels.add("process " + process.getRef());
            } else if (step instanceof EndpointRequiredDefinition endpoint && endpoint.getEndpointUri() != null) {
                labels.add(step.getShortName() + " " + label(endpoint.getEndpointUri()));
            } else {
                labels.add(step.getShortName());
            }
        }
        return labels.isEmpty() ? "none" : String.join(", ", labels);
    }

    /** An endpoint URI without its options. */
    static String label(String uri) {
        return StringHelper.before(uri, "?", uri);
    }

    /** A file as the user named it: relative to the working directory when it is below it. */
    private static String shown(Resource file) {
        String location = file.getLocation();
        if (location.startsWith("file:")) {
            Path path = Path.of(location.substring("file:".length())).toAbsolutePath().normalize();
            Path here = Path.of("").toAbsolutePath();
            return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
        }
        return location;
    }

    /** {@code --routes} names no route file. */
    static final class RoutesNotFound extends RuntimeException {
        RoutesNotFound(String message) {
            super(message);
        }

        RoutesNotFound(String routes, String problem) {
            this("--routes '" + routes + "' matches no route file: " + problem);
        }
    }

    static String oneLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
