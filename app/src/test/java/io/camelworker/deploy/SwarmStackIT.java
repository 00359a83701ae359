package io.camelworker.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Docker Swarm stack of {@code deploy/swarm} is valid for Docker and follows REGARDS' conventions for workers. */
class SwarmStackIT {

    private static final Path STACK = Path.of("deploy/swarm/workers.yml");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m)");
    private static final Pattern ROUTE_TYPE = Pattern.compile("regards-worker:\\{\\{worker\\.type:([^}]+)}}");

    @Test
    void dockerAcceptsTheStack() throws Exception {
        Process docker;
        try {
            docker = new ProcessBuilder("docker", "stack", "config", "-c", STACK.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "the docker command is not installed: the stack is not checked by docker stack config");
            return;
        }
        String output = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(docker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(docker.exitValue()).as("docker stack config: %s", output).isZero();
        assertThat(output).contains("REPLICATION_INSTANCE_ID: '{{.Task.Slot}}'");
    }

    @Test
    void everyServiceStopsWithinItsGracePeriodAndIsUpdatedOneTaskAtATime() throws Exception {
        services().forEach((name, service) -> {
            Map<String, Object> environment = map(service.get("environment"));
            Duration shutdown = duration(environment.get("WORKER_SHUTDOWN_TIMEOUT"));
            assertThat(duration(service.get("stop_grace_period"))).as(name).isGreaterThanOrEqualTo(shutdown.plusSeconds(10));
            Map<String, Object> deploy = map(service.get("deploy"));
            assertThat((Integer) deploy.get("replicas")).as(name).isPositive();
            assertThat(map(deploy.get("update_config"))).as(name).containsEntry("parallelism", 1)
                    .containsEntry("order", "start-first").containsEntry("failure_action", "rollback");
            assertThat(map(deploy.get("restart_policy"))).as(name).containsEntry("condition", "any");
            assertThat(map(map(deploy.get("resources")).get("limits"))).as(name).containsKeys("cpus", "memory");
            assertThat(service).as(name).containsEntry("read_only", true).containsKey("user");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceUsesRegardsHealthVariablesAndTheTaskSlotAsInstance() throws Exception {
        services().forEach((name, service) -> {
            Map<String, Object> environment = map(service.get("environment"));
            assertThat(environment).as(name).containsEntry("REPLICATION_INSTANCE_ID", "{{.Task.Slot}}")
                    .containsEntry("THC_PATH", "/actuator/health/liveness");
            assertThat(environment.get("THC_PORT")).as(name).isEqualTo(environment.get("SERVER_PORT"));
            assertThat((String) environment.get("WORKER_INSTANCE_ID")).as(name).contains("{{.Task.Slot}}");
            assertThat((List<Object>) map(service.get("healthcheck")).get("test")).as(name).contains("io.camelworker.console.HealthProbe");
            assertThat(environment.keySet()).as(name).noneMatch(variable -> variable.contains("PASSWORD"));
            assertThat(environment).as(name).containsEntry("SPRING_CONFIG_IMPORT", "optional:configtree:/run/secrets/");
            assertThat((List<Object>) service.get("secrets")).as(name)
                    .contains(Map.of("source", "camel-worker-broker-password", "target", "spring.rabbitmq.password"));
        });
    }

    @Test
    void everyServiceRunsTheRouteOfItsWorkerTypeFromAConfig() throws Exception {
        Map<String, Object> configs = map(stack().get("configs"));
        services().forEach((name, service) -> {
            Map<String, Object> environment = map(service.get("environment"));
            Map<String, Object> config = map(((List<?>) service.get("configs")).get(0));
            assertThat((String) config.get("target")).as(name).startsWith(environment.get("WORKER_ROUTES") + "/");
            Path route = STACK.getParent().resolve((String) map(configs.get(config.get("source"))).get("file")).normalize();
            try {
                Matcher type = ROUTE_TYPE.matcher(Files.readString(route));
                assertThat(type.find()).as(route.toString()).isTrue();
                assertThat(type.group(1)).as("service named after the worker type of %s", route).isEqualTo(name);
            } catch (IOException e) {
                throw new AssertionError("route of " + name + ": " + route, e);
            }
        });
    }

    private static Map<String, Object> stack() throws IOException {
        return new Yaml().load(Files.readString(STACK));
    }

    private static Map<String, Map<String, Object>> services() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) stack().get("services");
        assertThat(services).isNotEmpty();
        return services;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Duration duration(Object value) {
        Matcher matcher = DURATION.matcher(String.valueOf(value));
        assertThat(matcher.matches()).as("a duration in s or m: %s", value).isTrue();
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
    }
}
