package io.camelworker.console;

import io.camelworker.WorkerApplication;
import io.camelworker.transport.ManagerPublisher;
import io.camelworker.steps.metadata.FeatureManagerAnswers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/check-routes} on the routes of the project and on routes with problems: one line per problem naming the
 * file, the route and the step, and no broker reached (the broker setting points at a port that records connections).
 */
class RouteCheckIT {

    private static final String PROBLEMS = "app/src/test/resources/author-routes/problems/";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new RouteCheck(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args, Map.of());
    }

    @Test
    void goodRoutesAreListedWithTheirStepsWithoutABroker() throws Exception {
        try (BrokerTrap broker = new BrokerTrap()) {
            int status = run("--routes", "routes/delete-files-worker.camel.yaml,routes/metadata-worker.camel.yaml,"
                    + "app/src/test/resources/author-routes/chain.camel.yaml", broker.portSetting());
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(status).isEqualTo(RouteCheck.GOOD);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("routes/delete-files-worker.camel.yaml: route delete-files-worker from "
                            + "regards-worker:{{worker.type:delete-files-worker}}, 1 step: to files:delete")
                    .contains("routes/metadata-worker.camel.yaml: route metadata-worker from "
                            + "regards-worker:{{worker.type:metadata-worker}}, 4 steps: to metadata:file-facts, to metadata:image, "
                            + "to metadata:geospatial, to metadata:publish-update")
                    .contains("app/src/test/resources/author-routes/chain.camel.yaml: route author-loop-chain from "
                            + "regards-worker:{{worker.type:author-loop-chain}}, 3 steps: setHeader, to regards-request:author-loop-next, setBody")
                    .endsWith("3 routes, 8 steps in 3 files: all good" + System.lineSeparator());
            assertThat(broker.connectedTo()).as("a connection to the broker's port").isFalse();
        }
    }

    @Test
    void eachProblemIsOneLineNamingTheFileTheRouteAndTheOption() throws Exception {
        try (BrokerTrap broker = new BrokerTrap()) {
            int status = run("--routes", PROBLEMS, broker.portSetting());
            assertThat(status).isEqualTo(RouteCheck.PROBLEMS);
            assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                    PROBLEMS + "broken.camel.yaml: cannot be read as routes: while scanning a quoted scalar at line 5, "
                            + "column 12 (uri: \"regards-worker:author-loop-broken): found unexpected end of stream at line 7, "
                            + "column 1",
                    PROBLEMS + "missing-bean.camel.yaml: route author-loop-missing-bean: process[ref:deleteFilez]: No bean "
                            + "could be found in the registry for: deleteFilez of type: org.apache.camel.Processor",
                    PROBLEMS + "misspelled.camel.yaml: route author-loop-misspelled: metadata:file-facts: unknown option 'algoritm'",
                    PROBLEMS + "misspelled.camel.yaml: route author-loop-misspelled: regards-request:: missing required "
                            + "option 'contentType'",
                    PROBLEMS + "misspelled.camel.yaml: route author-loop-misspelled: stroage:store: unknown scheme 'stroage': "
                            + "no Camel component of that name in the worker (a typo, or its Camel dependency is missing)",
                    "5 problems in 3 route files");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(broker.connectedTo()).as("a connection to the broker's port").isFalse();
        }
    }

    @Test
    void aWorkerStartedAsUsualHasNoneOfTheStandIns(@TempDir Path routes) throws Exception {
        Path route = Files.writeString(routes.resolve("plain.camel.yaml"), """
                - route:
                    from:
                      uri: "direct:plain"
                      steps:
                        - setBody:
                            constant: done
                """);
        SpringApplication application = new SpringApplication(WorkerApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext worker = application.run("--worker.tenants=project1",
                "--camel.springboot.main-run-controller=false", "--worker.routes=" + route)) {
            assertThat(worker.getBean(ManagerPublisher.class)).isNotInstanceOf(RecordingPublisher.class);
            // No route calls metadata: its steps are not wired at all (RouteSchemeConditionTest), so neither is a stand-in.
            assertThat(worker.getBeanProvider(FeatureManagerAnswers.class).getIfAvailable()).isNull();
            assertThat(worker.getBeansOfType(StandInFeatureManager.class)).isEmpty();
        }
    }
}
