package io.camelworker.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker's steps are wired only in a process whose routes call them (or when a setting says so). */
class RouteSchemeConditionTest {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRouteScheme("storage")
    static class StorageSteps {
        @Bean
        String storageSteps() {
            return "wired";
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(StorageSteps.class);

    @Test
    void theShippedStorageRouteWiresTheStorageSteps() {
        runner.withPropertyValues("camel.main.routes-include-pattern=classpath:routes/storage-worker.camel.yaml")
                .run(context -> assertThat(context).hasBean("storageSteps"));
    }

    @Test
    void theDeleteFilesRouteDoesNotWireTheStorageSteps() {
        runner.withPropertyValues("camel.main.routes-include-pattern=classpath:routes/delete-files-worker.camel.yaml")
                .run(context -> assertThat(context).doesNotHaveBean("storageSteps"));
    }

    @Test
    void aSchemeNamedOnlyInACommentOrAsAKeyDoesNotCount(@TempDir Path dir) throws IOException {
        Path route = Files.writeString(dir.resolve("r.camel.yaml"), """
                # this worker does not call storage:transfer
                - route:
                    from:
                      uri: "regards-worker:x"
                      steps:
                        - setProperty:
                            name: storage
                            constant: "storage: none"
                        - to: files:delete
                """);
        runner.withPropertyValues("camel.main.routes-include-pattern=file:" + route)
                .run(context -> assertThat(context).doesNotHaveBean("storageSteps"));
    }

    @Test
    void aUserRouteDirectoryCallingTheStepWiresThem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.camel.yaml"), "- route: {from: {uri: \"regards-worker:a\", steps: [{to: files:delete}]}}\n");
        Files.writeString(dir.resolve("b.camel.yaml"), """
                - route:
                    from:
                      uri: "regards-worker:b"
                      steps:
                        - to: "storage:transfer?algorithm=SHA-256"
                """);
        runner.withPropertyValues("camel.main.routes-include-pattern=file:" + dir + "/*.camel.yaml")
                .run(context -> assertThat(context).hasBean("storageSteps"));
    }

    @Test
    void theSettingWinsOverTheRoutes() {
        runner.withPropertyValues("camel.main.routes-include-pattern=classpath:routes/storage-worker.camel.yaml",
                        "worker.components.storage.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("storageSteps"));
        runner.withPropertyValues("worker.components.storage.enabled=true")
                .run(context -> assertThat(context).hasBean("storageSteps"));
    }

    @Test
    void theRouteAuthorsCommandsWireEveryStep() {
        runner.withPropertyValues("worker.offline=true").run(context -> assertThat(context).hasBean("storageSteps"));
    }

    @Test
    void withoutRoutesNothingIsWired() {
        runner.run(context -> assertThat(context).doesNotHaveBean("storageSteps"));
    }
}
