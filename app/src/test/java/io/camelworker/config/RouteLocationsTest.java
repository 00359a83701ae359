package io.camelworker.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code worker.routes} becomes Camel's include pattern, and which patterns match nothing. */
class RouteLocationsTest {

    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    @Test
    void aDirectoryMeansItsCamelYamlFiles(@TempDir Path routes) {
        assertThat(RouteLocations.includePattern(routes.toString())).isEqualTo("file:" + routes + "/*.camel.yaml");
    }

    @Test
    void aFileIsTakenAbsoluteAndJarLocationsAsTheyAre(@TempDir Path routes) throws Exception {
        Path route = Files.writeString(routes.resolve("mine.camel.yaml"), "[]");
        assertThat(RouteLocations.includePattern(route + ", classpath:routes/storage-worker.camel.yaml"))
                .isEqualTo("file:" + route + ",classpath:routes/storage-worker.camel.yaml");
    }

    @Test
    void aPathThatDoesNotExistIsRefusedNamingTheSetting(@TempDir Path routes) {
        assertThatThrownBy(() -> RouteLocations.includePattern(routes.resolve("missing").toString()))
                .isInstanceOf(RoutesNotFoundException.class)
                .hasMessageStartingWith("worker.routes '" + routes.resolve("missing") + "' matches no route file")
                .hasMessageContaining("is no file or directory");
    }

    @Test
    void anEmptyValueIsRefused() {
        assertThatThrownBy(() -> RouteLocations.includePattern(" , ")).isInstanceOf(RoutesNotFoundException.class)
                .hasMessageContaining("names no directory or file");
    }

    @Test
    void theShippedRoutesAreInTheClassPath() {
        assertThat(RouteLocations.unmatched("classpath:routes/delete-files-worker.camel.yaml,classpath:routes/*.camel.yaml",
                resolver)).isEmpty();
        assertThat(RouteLocations.shippedRoutes(resolver)).contains("delete-files-worker.camel.yaml",
                "storage-worker.camel.yaml", "archive-extraction-worker.camel.yaml", "metadata-worker.camel.yaml");
    }

    @Test
    void entriesMatchingNothingAreListed(@TempDir Path routes) throws Exception {
        Files.writeString(routes.resolve("notes.txt"), "not a route");
        String emptyDirectory = RouteLocations.includePattern(routes.toString());
        assertThat(RouteLocations.unmatched(emptyDirectory + ",classpath:routes/nope.camel.yaml,routes/nope.camel.yaml,"
                + "file:routes/delete-files-worker.camel.yaml", resolver))
                .containsExactly(emptyDirectory, "classpath:routes/nope.camel.yaml", "routes/nope.camel.yaml");
    }
}
