package io.camelworker.console;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the image's health check looks, from the variables REGARDS' stacks set. */
class HealthProbeTest {

    @Test
    void withoutVariablesItProbesLivenessOnTheDefaultPort() {
        assertThat(HealthProbe.probeUri(Map.of())).hasToString("http://127.0.0.1:8080/actuator/health/liveness");
    }

    @Test
    void thcPortAndPathWinOverTheWorkersServerPort() {
        assertThat(HealthProbe.probeUri(Map.of("THC_PORT", "9093", "THC_PATH", "/actuator/health", "SERVER_PORT", "8081")))
                .hasToString("http://127.0.0.1:9093/actuator/health");
        assertThat(HealthProbe.probeUri(Map.of("SERVER_PORT", "8081", "THC_PATH", "actuator/health/readiness")))
                .hasToString("http://127.0.0.1:8081/actuator/health/readiness");
    }

    @Test
    void anActuatorOnAPortAndAddressOfItsOwnIsProbedThere() {
        assertThat(HealthProbe.probeUri(Map.of("SERVER_PORT", "8080", "MANAGEMENT_SERVER_PORT", "8081",
                "MANAGEMENT_SERVER_ADDRESS", "10.0.0.5"))).hasToString("http://10.0.0.5:8081/actuator/health/liveness");
        assertThat(HealthProbe.probeUri(Map.of("MANAGEMENT_SERVER_ADDRESS", "::1")))
                .hasToString("http://[::1]:8080/actuator/health/liveness");
    }
}
