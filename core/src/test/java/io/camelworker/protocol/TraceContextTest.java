package io.camelworker.protocol;

import com.rabbitmq.client.impl.LongStringHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which {@code traceparent} and {@code tracestate} headers are taken, as W3C Trace Context defines them. */
class TraceContextTest {

    static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void validTraceparentIsReadWithItsTraceIdAndParentId() {
        TraceContext trace = TraceContext.from(Map.of("traceparent", VALID, "tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));

        assertThat(trace.isPresent()).isTrue();
        assertThat(trace.traceparent()).isEqualTo(VALID);
        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.parentId()).isEqualTo("00f067aa0ba902b7");
        assertThat(trace.tracestate()).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    }

    @Test
    void headersAreReadAsTheAmqpClientDeliversThem() {
        assertThat(TraceContext.from(Map.of("traceparent", LongStringHelper.asLongString(VALID))).traceparent()).isEqualTo(VALID);
        assertThat(TraceContext.from(Map.of("traceparent", VALID.getBytes(StandardCharsets.UTF_8))).traceparent()).isEqualTo(VALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",   // upper-case hex
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",   // trace id all zeros
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",   // parent id all zeros
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",   // version ff is forbidden
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x", // version 00 has nothing after the flags
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",  // a later version: a dash after the flags
            "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",   // dashes misplaced
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",   // flags not hex
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",      // no flags
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n", // a control character
            ""})
    void invalidTraceparentIsIgnoredWithItsTracestate(String traceparent) {
        TraceContext trace = TraceContext.from(Map.of("traceparent", traceparent, "tracestate", "rojo=00f067aa0ba902b7"));

        assertThat(trace).isEqualTo(TraceContext.NONE);
        assertThat(trace.isPresent()).isFalse();
    }

    @Test
    void laterVersionIsTakenWhenItsFirstFieldsAreThoseOfVersion00() {
        String later = "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next";

        assertThat(TraceContext.from(Map.of("traceparent", later)).traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void tracestateThatCannotBePassedOnWholeIsDroppedAlone() {
        String tooLong = "k=" + "v".repeat(TraceContext.MAX_TRACESTATE_CHARS);
        String tooManyMembers = String.join(",", java.util.Collections.nCopies(TraceContext.MAX_TRACESTATE_MEMBERS + 1, "k=v"));

        for (String tracestate : new String[] {tooLong, tooManyMembers, "rojo=1\r\nforged: line", "é=1"}) {
            TraceContext trace = TraceContext.from(Map.of("traceparent", VALID, "tracestate", tracestate));
            assertThat(trace.traceparent()).isEqualTo(VALID);
            assertThat(trace.tracestate()).as(tracestate).isNull();
        }
    }

    @Test
    void nonTextTraceparentAndAbsentOneAddNothing() {
        Map<String, Object> headers = new HashMap<>();
        TraceContext.from(Map.of("traceparent", 42)).addTo(headers);
        TraceContext.from(Map.of()).addTo(headers);

        assertThat(headers).isEmpty();
    }

    @Test
    void addToPutsBothHeaders() {
        Map<String, Object> headers = new HashMap<>();
        new TraceContext(VALID, "rojo=1").addTo(headers);

        assertThat(headers).containsExactlyInAnyOrderEntriesOf(Map.of("traceparent", VALID, "tracestate", "rojo=1"));
    }
}
