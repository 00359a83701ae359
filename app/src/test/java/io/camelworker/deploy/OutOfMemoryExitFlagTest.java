package io.camelworker.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shipped way of starting a worker ends the JVM on an {@code OutOfMemoryError} ({@code -XX:+ExitOnOutOfMemoryError}),
 * so that an orchestrator restarts it instead of keeping a process that answers nothing (WorkerHeapIT shows the effect).
 */
class OutOfMemoryExitFlagTest {

    static final String FLAG = "-XX:+ExitOnOutOfMemoryError";

    @Test
    void theImageSetsTheFlagForEveryJavaItStarts() throws IOException {
        List<String> dockerfile = Files.readAllLines(Path.of("docker/Dockerfile"));

        assertThat(dockerfile).filteredOn(line -> line.startsWith("ENV JAVA_TOOL_OPTIONS=")).singleElement()
                .asString().contains(FLAG);
        assertThat(dockerfile).filteredOn(line -> line.startsWith("ENTRYPOINT")).singleElement()
                .asString().contains("\"java\"").doesNotContain("JAVA_TOOL_OPTIONS");
    }

    @Test
    void theDeploymentsKeepTheImageFlagsOrRepeatTheFlag() throws IOException {
        // Kubernetes and Swarm run the image: its JAVA_TOOL_OPTIONS hold unless a manifest replaces them. Only the health
        // probe unsets them (a JVM of its own, -Xmx16m, that exits at once).
        try (Stream<Path> files = Files.walk(Path.of("deploy"))) {
            List<String> settings = files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml"))
                    .flatMap(OutOfMemoryExitFlagTest::lines)
                    .filter(line -> line.contains("JAVA_TOOL_OPTIONS") || line.contains("JAVA_OPTS")
                            || line.matches("\\s*(args|command):.*java.*"))
                    .filter(line -> !line.contains("\"env\", \"-u\", \"JAVA_TOOL_OPTIONS\""))
                    .toList();

            assertThat(settings).allSatisfy(line -> assertThat(line).contains(FLAG));
        }
    }

    @Test
    void theReadmeCommandsThatRunTheJarSetTheFlag() throws IOException {
        List<String> commands = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.matches(".*\\bjava .*-jar .*camel-worker\\.jar.*")).toList();

        assertThat(commands).isNotEmpty().allSatisfy(line -> assertThat(line).contains(FLAG));
    }

    @Test
    void theBinToolsThatStartAJvmSetTheFlag() throws IOException {
        try (Stream<Path> tools = Files.list(Path.of("bin"))) {
            List<String> launches = tools.flatMap(OutOfMemoryExitFlagTest::lines)
                    .filter(line -> line.matches("\\s*exec java .*")).toList();

            assertThat(launches).hasSizeGreaterThanOrEqualTo(3).allSatisfy(line -> assertThat(line).contains(FLAG));
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }
}
