package io.camelworker.console;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The problems of an endpoint URI, from the component's metadata (Camel's catalog) and from Camel creating it. */
class EndpointCheckTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final EndpointCheck check = new EndpointCheck(camel);

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void aValidUriHasNoProblem() {
        assertThat(check.problems("log:audit?level=INFO")).isEmpty();
    }

    @Test
    void anOptionTheComponentDoesNotKnowIsNamed() {
        assertThat(check.problems("log:audit?levle=INFO&showHeaders=true"))
                .containsExactly("unknown option 'levle'");
    }

    @Test
    void aRequiredOptionWithoutDefaultIsNamed() {
        assertThat(check.problems("timer:?period=10")).containsExactly("missing required option 'timerName'");
    }

    @Test
    void aSchemeWithoutComponentIsNamed() {
        assertThat(check.problems("lgo:audit")).singleElement().asString().startsWith("unknown scheme 'lgo'");
    }

    @Test
    void aValueTheComponentRefusesIsCamelsOwnMessage() {
        assertThat(check.problems("log:audit?showHeaders=maybe")).singleElement().asString()
                .contains("maybe").contains("boolean");
    }
}
