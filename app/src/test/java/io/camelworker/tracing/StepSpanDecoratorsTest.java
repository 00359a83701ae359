package io.camelworker.tracing;

import org.apache.camel.telemetry.SpanDecorator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every component of this project names its spans by the step: camel-telemetry finds a StepSpanDecorator for its scheme. */
class StepSpanDecoratorsTest {

    /** Where the Camel tooling writes, in each module, the service entry of each component it generates (one file per scheme). */
    static final String COMPONENTS = "src/generated/resources/META-INF/services/org/apache/camel/component";

    @Test
    void everyComponentOfTheProjectHasAStepSpanDecorator() throws IOException {
        List<String> schemes;
        try (Stream<Path> modules = Files.list(Path.of("."))) {
            schemes = modules.map(module -> module.resolve(COMPONENTS)).filter(Files::isDirectory)
                    .flatMap(StepSpanDecoratorsTest::entries).toList();
        }
        List<String> decorated = ServiceLoader.load(SpanDecorator.class).stream().map(ServiceLoader.Provider::get)
                .filter(StepSpanDecorator.class::isInstance).map(SpanDecorator::getComponent).toList();

        assertThat(schemes).isNotEmpty();
        assertThat(decorated).containsExactlyInAnyOrderElementsOf(schemes);
    }

    private static Stream<String> entries(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
