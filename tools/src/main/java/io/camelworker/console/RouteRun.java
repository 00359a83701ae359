package io.camelworker.console;

import io.camelworker.outcome.Causes;
import io.camelworker.runtime.WorkerConsumer;
import io.camelworker.runtime.WorkerEndpoint;
import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.protocol.WorkerTopology;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code bin/run-route}: runs one worker route on a request read from a file, without a broker, and prints what the
 * manager would receive. The request goes through the worker's own consumer and listener ({@link WorkerConsumer#deliver}):
 * the same headers on the exchange, the same checks, retries, outcome mapping and response as a request from the
 * queue; the publisher records instead of sending ({@link RecordingPublisher}), so the answer printed is the response
 * the worker would publish, decoded as {@code bin/submit-request} decodes it, after any new request the route submits
 * and any Feature Manager update it publishes (answered by {@link StandInFeatureManager}).
 */
public final class RouteRun {

    static final int SUCCESS = ManagerConsole.SUCCESS;
    static final int FAILED = ManagerConsole.FAILED;
    static final int ROUTES_INVALID = 2;
    static final int NO_ANSWER = 3;
    static final int USAGE = ManagerConsole.USAGE;
    static final int UNREADABLE = ManagerConsole.BODY_UNREADABLE;
    static final int CANNOT_START = RouteCheck.CANNOT_START;

    static final String USAGE_TEXT = """
            usage: bin/run-route --routes <file|dir> (--body <file> | --json '<inline body>') [options]
              --routes <locations>  the route files, as bin/check-routes takes them (default $WORKER_ROUTES)
              --route <id>          the route to run, when they hold several worker routes
              --type <workerType>   the worker type (worker.type), default the route's
              --tenant <t>          regards.tenant (default project1)
              --owner <o>           regards.request.owner (default console)
              --session <s>         regards.request.session (default console)
              --content-type <ct>   regards.request.content_type (default <workerType>-request)
              --request-id <id>     regards.request.id (default a random UUID)
              --header <k=v>        an extra request header, repeatable
              --feature-manager <SUCCESS|DENIED|ERROR|NONE>
                                    how the stand-in Feature Manager answers the updates the route publishes
                                    (default SUCCESS: granted, then applied; NONE: no answer)
              --name=value          a worker setting, as on the worker's command line (--worker.files.allowed-roots=/data)
              --help                this text
            Prints the new requests and Feature Manager updates the route would publish, then the response the manager
            would receive (status, messages, additional headers, decoded content) or the dead letter.
            No broker is needed: nothing connects to RabbitMQ, nothing is published.
            exit status: 0 SUCCESS, 1 INVALID_CONTENT, ERROR or dead-lettered, 2 the routes do not pass bin/check-routes
              (its lines are printed), 3 no answer (the request would be left for redelivery), 64 bad usage,
              66 --body file unreadable or --routes matching no file, 70 the worker cannot start with these settings
            """;

    private static final Set<String> OPTIONS = Set.of("routes", "route", "body", "json", "type", "tenant", "owner", "session",
            "content-type", "request-id", "header", "feature-manager");
    private static final String APP_ID = "camel-worker-run-route";

    private final PrintStream out;
    private final PrintStream err;

    RouteRun(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new RouteRun(System.out, System.err).run(args, System.getenv()));
    }

    int run(String[] args, Map<String, String> environment) {
        AuthorArguments arguments;
        StandInFeatureManager.Answer featureManager;
        try {
            arguments = AuthorArguments.parse(args, OPTIONS);
            if (arguments.help()) {
                out.print(USAGE_TEXT);
                return SUCCESS;
            }
            featureManager = featureManagerAnswer(arguments.option("feature-manager", "SUCCESS"));
            checkUsage(arguments, environment);
        } catch (ConsoleArguments.UsageException e) {
            err.println(e.getMessage() + " (bin/run-route --help for the options)");
            return USAGE;
        }
        byte[] body;
        try {
            body = arguments.option("json") != null ? arguments.option("json").getBytes(StandardCharsets.UTF_8)
                    : Files.readAllBytes(Path.of(arguments.option("body")));
        } catch (IOException e) {
            err.println("cannot read the --body file '" + arguments.option("body") + "' (" + e.getClass().getSimpleName()
                    + "): give an existing readable file, or the body inline with --json");
            return UNREADABLE;
        }
        List<String> properties = new ArrayList<>(arguments.properties());
        if (arguments.option("type") != null) {
            properties.add("--worker.type=" + arguments.option("type"));
        }
        String routes = arguments.option("routes", environment.get(OfflineWorker.ROUTES_VARIABLE));
        try (OfflineWorker worker = OfflineWorker.start(properties)) {
            CamelContext camel = worker.camel();
            RouteCheck.Report report = RouteCheck.load(camel, RouteCheck.routeFiles(camel, routes));
            if (!report.problems().isEmpty()) {
                report.problems().forEach(err::println);
                return ROUTES_INVALID;
            }
            WorkerConsumer consumer = chooseRoute(camel, report.started(), arguments.option("route"));
            worker.bean(StandInFeatureManager.class).answerWith(featureManager);
            return deliver(worker, consumer, arguments, body);
        } catch (ConsoleArguments.UsageException e) {
            err.println(e.getMessage() + " (bin/run-route --help for the options)");
            return USAGE;
        } catch (RouteCheck.RoutesNotFound e) {
            err.println(e.getMessage());
            return UNREADABLE;
        } catch (IOException | RuntimeException e) {
            err.println("the worker cannot start with these settings: " + RouteCheck.oneLine(Causes.root(e)));
            return CANNOT_START;
        }
    }

    private static void checkUsage(AuthorArguments arguments, Map<String, String> environment) {
        if (arguments.option("routes") == null && environment.get(OfflineWorker.ROUTES_VARIABLE) == null) {
            throw new ConsoleArguments.UsageException("--routes is required: the route file (or WORKER_ROUTES)");
        }
        if (arguments.option("body") != null && arguments.option("json") != null) {
            throw new ConsoleArguments.UsageException("--body and --json both give the request body: give one of them");
        }
        if (arguments.option("body") == null && arguments.option("json") == null) {
            throw new ConsoleArguments.UsageException("the request body is required: --body <file> or --json '<body>'");
        }
    }

    private static StandInFeatureManager.Answer featureManagerAnswer(String value) {
        try {
            return StandInFeatureManager.Answer.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConsoleArguments.UsageException("--feature-manager expects SUCCESS, DENIED, ERROR or NONE, got '"
                    + value + "'");
        }
    }

    /** The consumer of the worker route to run: the only one, or the one {@code --route} names. */
    private static WorkerConsumer chooseRoute(CamelContext camel, List<String> started, String wanted) {
        Map<String, WorkerConsumer> workers = new LinkedHashMap<>();
        for (String id : started) {
            Route route = camel.getRoute(id);
            if (route != null && route.getConsumer() instanceof WorkerConsumer consumer) {
                workers.put(id, consumer);
            }
        }
        if (wanted != null) {
            WorkerConsumer chosen = workers.get(wanted);
            if (chosen == null) {
                throw new ConsoleArguments.UsageException("--route " + wanted + " is no worker route of --routes; they are "
                        + workers.keySet());
            }
            return chosen;
        }
        if (workers.size() != 1) {
            throw new ConsoleArguments.UsageException(workers.isEmpty()
                    ? "--routes holds no worker route (from: regards-worker:<type>)"
                    : "--routes holds " + workers.size() + " worker routes " + workers.keySet() + ": choose one with --route");
        }
        return workers.values().iterator().next();
    }

    /** Hands the request to the worker as the broker would, then prints what it published. */
    private int deliver(OfflineWorker worker, WorkerConsumer consumer, AuthorArguments arguments, byte[] body)
            throws IOException {
        String type = ((WorkerEndpoint) consumer.getEndpoint()).getWorkerType();
        RecordingPublisher publisher = worker.bean(RecordingPublisher.class);
        WorkerTopology topology = publisher.topology();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(RegardsHeaders.TENANT, arguments.option("tenant", "project1"));
        headers.put(RegardsHeaders.REQUEST_ID, arguments.option("request-id", UUID.randomUUID().toString()));
        headers.put(RegardsHeaders.REQUEST_OWNER, arguments.option("owner", "console"));
        headers.put(RegardsHeaders.REQUEST_SESSION, arguments.option("session", "console"));
        headers.put(RegardsHeaders.REQUEST_CONTENT_TYPE, arguments.option("content-type", type + "-request"));
        headers.putAll(arguments.headers());
        // As the listener container receives a request the manager published (bin/submit-request sends the same).
        MessageProperties properties = new MessageProperties();
        headers.forEach(properties::setHeader);
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setPriority(0);
        properties.setReceivedDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setAppId(APP_ID);
        properties.setTimestamp(new Date());
        properties.setReceivedExchange(topology.requestExchange(type));
        properties.setReceivedRoutingKey(WorkerTopology.ROUTING_KEY_ALL);
        properties.setConsumerQueue(topology.requestQueue(type));
        properties.setDeliveryTag(1);
        properties.setRedelivered(false);
        out.printf("running request %s on route %s (worker type %s, %d bytes), without a broker%n",
                headers.get(RegardsHeaders.REQUEST_ID), consumer.getRouteId(), type, body.length);
        StandInChannel channel = new StandInChannel();
        consumer.deliver(new Message(body, properties), channel.channel());
        return print(publisher.publications(), topology, worker.bean(StandInFeatureManager.class), channel);
    }

    private int print(List<RecordingPublisher.Publication> publications, WorkerTopology topology,
                      StandInFeatureManager featureManager, StandInChannel channel) throws IOException {
        int status = NO_ANSWER;
        for (RecordingPublisher.Publication publication : publications) {
            if (publication.exchange().equals(topology.responseExchange())) {
                String answered = ManagerConsole.printResponse(publication.body(), out);
                if (!"RUNNING".equals(answered)) {
                    status = "SUCCESS".equals(answered) ? SUCCESS : FAILED;
                }
            } else if (publication.exchange().equals(topology.requestDlqExchange())) {
                out.println("DEAD-LETTERED: " + publication.header(RegardsHeaders.EXCEPTION_STACKTRACE));
                status = FAILED;
            } else if (publication.exchange().equals(topology.requestEventExchange())) {
                out.printf("new request %s submitted (content type %s, tenant %s): %s%n",
                        publication.header(RegardsHeaders.REQUEST_ID), publication.header(RegardsHeaders.REQUEST_CONTENT_TYPE),
                        publication.header(RegardsHeaders.TENANT), publication.bodyText());
            } else if (featureManager.isUpdate(publication)) {
                out.printf("Feature Manager update %s published to %s: %s%n  answered %s by the stand-in Feature Manager"
                                + " (--feature-manager)%n", publication.header(RegardsHeaders.REQUEST_ID),
                        publication.exchange(), publication.bodyText(), featureManager.answer());
            } else {
                out.printf("published to exchange '%s' (routing key '%s'): %s%n", publication.exchange(),
                        publication.routingKey(), publication.bodyText());
            }
        }
        if (status == NO_ANSWER) {
            err.println("no answer: the request would be left unacknowledged, for redelivery (" + channel.decisions() + ")");
        }
        return status;
    }
}
