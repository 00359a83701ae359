package io.camelworker.config;

import io.camelworker.WorkerApplication;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A worker runs the routes of {@code worker.routes}, and does not start when its routes setting matches nothing. */
class WorkerRoutesIT {

    private static final String USER_ROUTE = """
            - route:
                id: users-own-route
                from:
                  uri: "direct:users-own-route"
                  steps:
                    - setBody:
                        constant: "done"
            """;

    @Test
    void theRoutesOfADirectoryLaidOutAsAKubernetesConfigMapAreRunOnce(@TempDir Path routes) throws Exception {
        // A mounted ConfigMap: each key a link to ..data/<key>, ..data a link to the current timestamped directory.
        Path version = Files.createDirectory(routes.resolve("..2026_12_01_21_00_00.1"));
        Files.writeString(version.resolve("mine.camel.yaml"), USER_ROUTE);
        Files.writeString(version.resolve("README.txt"), "not a route");
        Files.createSymbolicLink(routes.resolve("..data"), version.getFileName());
        Files.createSymbolicLink(routes.resolve("mine.camel.yaml"), Path.of("..data/mine.camel.yaml"));
        Files.createSymbolicLink(routes.resolve("README.txt"), Path.of("..data/README.txt"));
        try (ConfigurableApplicationContext context = start("--worker.routes=" + routes)) {
            CamelContext camel = context.getBean(CamelContext.class);
            assertThat(camel.getRoutes()).extracting(route -> route.getRouteId()).containsExactly("users-own-route");
        }
    }

    @Test
    void aDirectoryWithoutRoutesStopsTheStartUpNamingTheSetting(@TempDir Path routes) {
        assertThatThrownBy(() -> start("--worker.routes=" + routes)).isInstanceOf(RoutesNotFoundException.class)
                .hasMessage("worker.routes '" + routes + "' matches no route file: nothing matches file:" + routes
                        + "/*.camel.yaml");
    }

    @Test
    void aRelativeCamelPatternMatchingNothingNamesCamelsSettingAndTheFixNamesWorkerRoutes() {
        RoutesNotFoundException failure = (RoutesNotFoundException) catchThrowable(
                () -> start("--camel.main.routes-include-pattern=file:nowhere/delete-files-worker.camel.yaml"));
        assertThat(failure.getProperty()).isEqualTo("camel.main.routes-include-pattern");
        FailureAnalysis analysis = new RoutesNotFoundFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).isEqualTo("camel.main.routes-include-pattern "
                + "'file:nowhere/delete-files-worker.camel.yaml' matches no route file: nothing matches "
                + "file:nowhere/delete-files-worker.camel.yaml");
        assertThat(analysis.getAction()).startsWith("Set worker.routes (environment variable WORKER_ROUTES) to a directory")
                .contains("classpath:routes/storage-worker.camel.yaml")
                .contains("working directory, " + Path.of("").toAbsolutePath());
    }

    private static ConfigurableApplicationContext start(String... arguments) {
        SpringApplication application = new SpringApplication(WorkerApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String[] all = new String[arguments.length + 2];
        all[0] = "--worker.tenants=project1";
        all[1] = "--camel.springboot.main-run-controller=false";
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        return application.run(all);
    }
}
