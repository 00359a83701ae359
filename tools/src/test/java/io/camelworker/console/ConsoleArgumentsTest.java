package io.camelworker.console;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line of {@code bin/submit-request}. */
class ConsoleArgumentsTest {

    private static ConsoleArguments parse(String... args) {
        return ConsoleArguments.parse(args, Map.of());
    }

    @Test
    void helpIsAnOptionAnywhereOnTheLine() {
        assertThat(parse("--help").help()).isTrue();
        assertThat(parse("--type", "x", "-h").help()).isTrue();
    }

    @Test
    void theDefaultsAreTheManagersAndTheLocalBroker() {
        ConsoleArguments arguments = parse("--type", "delete-files-worker", "--json", "{}");
        assertThat(arguments.contentType()).isEqualTo("delete-files-worker-request");
        assertThat(arguments.tenant()).isEqualTo("project1");
        assertThat(arguments.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(arguments.host() + ":" + arguments.port() + " " + arguments.user() + " " + arguments.vhost())
                .isEqualTo("127.0.0.1:5672 guest /");
    }

    @Test
    void theBrokerDefaultsToTheWorkersEnvironmentAndTheOptionsWin() {
        Map<String, String> environment = Map.of("SPRING_RABBITMQ_HOST", "rabbit", "SPRING_RABBITMQ_PORT", "5673",
                "SPRING_RABBITMQ_USERNAME", "worker", "SPRING_RABBITMQ_VIRTUAL_HOST", "regards.multitenant.manager");
        ConsoleArguments arguments = ConsoleArguments.parse(new String[] {"--type", "t", "--json", "{}", "--user", "me"},
                environment);
        assertThat(arguments.host() + ":" + arguments.port() + " " + arguments.user() + " " + arguments.vhost())
                .isEqualTo("rabbit:5673 me regards.multitenant.manager");
    }

    @Test
    void headersAreRepeatable() {
        assertThat(parse("--type", "t", "--json", "{}", "--header", "a=1", "--header", "b=x=y").headers())
                .containsExactly(Map.entry("a", "1"), Map.entry("b", "x=y"));
    }

    @Test
    void aBodyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> parse("--type", "t", "--body", "a.json", "--json", "{}"))
                .hasMessage("--body and --json both give the request body: give one of them");
    }

    @Test
    void aTimeoutThatIsNoPositiveNumberIsRefusedWithTheRule() {
        assertThatThrownBy(() -> parse("--type", "t", "--json", "{}", "--timeout", "abc"))
                .hasMessage("--timeout expects a whole number from 1 to 2147483647, got 'abc'");
        assertThatThrownBy(() -> parse("--type", "t", "--json", "{}", "--timeout", "0"))
                .isInstanceOf(ConsoleArguments.UsageException.class);
        assertThatThrownBy(() -> parse("--type", "t", "--json", "{}", "--port", "70000"))
                .hasMessage("--port expects a whole number from 1 to 65535, got '70000'");
    }

    @Test
    void unknownOptionsMissingValuesAndMissingRequiredOptionsAreNamed() {
        assertThatThrownBy(() -> parse("--type", "t", "--jsno", "{}")).hasMessage("unknown option '--jsno'");
        assertThatThrownBy(() -> parse("--type")).hasMessage("--type needs a value");
        assertThatThrownBy(() -> parse("--json", "{}")).hasMessageStartingWith("--type is required");
        assertThatThrownBy(() -> parse("--type", "t")).hasMessageStartingWith("the request body is required");
        assertThatThrownBy(() -> parse("--type", "t", "--type", "u", "--json", "{}")).hasMessage("--type is given twice");
    }
}
