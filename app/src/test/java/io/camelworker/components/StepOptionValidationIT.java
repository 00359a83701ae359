package io.camelworker.components;

import io.camelworker.WorkerApplication;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A route whose step has a misspelled option does not start, and the message names the option: Camel's own check of
 * endpoint parameters, which holds because no project component is lenient.
 *
 * <p>The first case starts the whole worker on the route, as a deployment does; the others add their route to one
 * worker started offline (every step wired, no broker), which runs the same endpoint checks, at a fraction of the time
 * of a start per case.
 */
class StepOptionValidationIT {

    private static ConfigurableApplicationContext offline;
    private static CamelContext camel;

    @TempDir
    Path routes;

    @BeforeAll
    static void startOfflineWorker() {
        SpringApplication application = new SpringApplication(WorkerApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        offline = application.run("--worker.offline=true", "--worker.tenants=project1",
                "--camel.main.routes-include-pattern=classpath:routes/delete-files-worker.camel.yaml");
        camel = offline.getBean(CamelContext.class);
    }

    @AfterAll
    static void stopOfflineWorker() {
        offline.close();
    }

    @Test
    void aMisspelledOptionOfAMetadataStepStopsTheStartNamingIt() throws Exception {
        assertThatThrownBy(() -> startWith("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-metadata"
                      steps:
                        - to:
                            uri: metadata:file-facts
                            parameters:
                              algoritm: SHA-256
                """))
                .hasStackTraceContaining("Unknown parameters=[{algoritm=SHA-256}]")
                .hasStackTraceContaining("metadata://file-facts");
    }

    @Test
    void aMisspelledOptionOfANewRequestStopsTheStartNamingIt() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-request"
                      steps:
                        - to: "regards-request:next-step?ownr=someone"
                """))
                .hasStackTraceContaining("Unknown parameters=[{ownr=someone}]");
    }

    @Test
    void anOptionOfAnotherMetadataStepStopsTheStartNamingTheStepsItBelongsTo() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-other-step"
                      steps:
                        - to:
                            uri: metadata:image
                            parameters:
                              pattern: '.*'
                """))
                .hasStackTraceContaining("option 'pattern' does not apply to step metadata:image; it is an option of file-name");
    }

    @Test
    void aMalformedMappingRuleStopsTheStartNamingTheRule() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-rule"
                      steps:
                        - to:
                            uri: metadata:file-name
                            parameters:
                              pattern: '(?<orbit>[0-9]{5}).tif'
                              property.acquisition.orbit: orbit
                              type.acquisition.orbit: integr
                """))
                .hasStackTraceContaining("metadata:file-name option type.acquisition.orbit: unknown type 'integr'");
    }

    @Test
    void aMappingRuleOnTheStepThatPublishesStopsTheStart() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-publish"
                      steps:
                        - to:
                            uri: metadata:publish-update
                            parameters:
                              property.orbit: orbit
                """))
                .hasStackTraceContaining("option 'property.NAME' does not apply to step metadata:publish-update");
    }

    @Test
    void aMisspelledOptionOfAnArchiveStepStopsTheStartNamingIt() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-archive"
                      steps:
                        - to:
                            uri: archive:extract
                            parameters:
                              allowEmtpy: false
                """))
                .hasStackTraceContaining("Unknown parameters=[{allowEmtpy=false}]")
                .hasStackTraceContaining("archive://extract");
    }

    @Test
    void anOptionOfAnotherArchiveStepStopsTheStartNamingTheStepsItBelongsTo() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-archive-step"
                      steps:
                        - to:
                            uri: archive:read-request
                            parameters:
                              allowEmpty: false
                """))
                .hasStackTraceContaining("option 'allowEmpty' does not apply to step archive:read-request; it is an option"
                        + " of extract");
    }

    @Test
    void anUnknownArchiveStepStopsTheStartNamingTheKnownOnes() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-archive-unknown"
                      steps:
                        - to: archive:unzip
                """))
                .hasStackTraceContaining("unknown archive step 'unzip'; known: read-request, extract, collect");
    }

    @Test
    void aMisspelledOptionOfTheDeleteStepStopsTheStartNamingIt() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-files"
                      steps:
                        - to: "files:delete?dryRun=true"
                """))
                .hasStackTraceContaining("Unknown parameters=[{dryRun=true}]")
                .hasStackTraceContaining("files://delete");
    }

    @Test
    void aMisspelledOptionOfAStorageStepStopsTheStartNamingIt() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-storage"
                      steps:
                        - to: "storage:transfer?algoritm=SHA-256"
                """))
                .hasStackTraceContaining("Unknown parameters=[{algoritm=SHA-256}]")
                .hasStackTraceContaining("storage://transfer");
    }

    @Test
    void anOptionOfAnotherStorageStepStopsTheStartNamingTheStepsItBelongsTo() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-storage-other-step"
                      steps:
                        - to: "storage:answer?algorithm=SHA-256"
                """))
                .hasStackTraceContaining("option 'algorithm' does not apply to step storage:answer; it is an option of"
                        + " transfer. Options of storage:answer: none");
    }

    @Test
    void anUnknownDigestOfStorageTransferStopsTheStartNamingIt() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-storage-digest"
                      steps:
                        - to: "storage:transfer?algorithm=MD55"
                """))
                .hasStackTraceContaining("storage:transfer option algorithm 'MD55' is not a supported digest algorithm");
    }

    @Test
    void anUnknownStorageStepStopsTheStartListingTheSteps() throws Exception {
        assertThatThrownBy(() -> addRoute("""
                - route:
                    from:
                      uri: "regards-worker:step-option-validation-storage-step"
                      steps:
                        - to: "storage:store"
                """))
                .hasStackTraceContaining("unknown storage step 'store'; known: read-request, transfer, image-size, answer");
    }

    /** Adds {@code route} to the running offline worker, which creates and checks its endpoints as a start does. */
    private static void addRoute(String route) throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("route.camel.yaml", route));
    }

    private void startWith(String route) throws Exception {
        Path file = Files.writeString(routes.resolve("route.camel.yaml"), route);
        SpringApplication application = new SpringApplication(WorkerApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run("--camel.main.routes-include-pattern=file:" + file, "--worker.tenants=project1").close();
    }
}
