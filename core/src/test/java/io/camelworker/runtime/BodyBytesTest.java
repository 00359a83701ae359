package io.camelworker.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes sent to the manager for each kind of body a route may leave. */
class BodyBytesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CamelContext camel;

    @BeforeAll
    static void start() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() {
        camel.stop();
    }

    @Test
    void bytesAreSentAsTheyAre() throws Exception {
        byte[] body = {1, 2, 3};
        assertThat(BodyBytes.of(exchange(body), JSON)).isSameAs(body);
    }

    @Test
    void textIsUtf8WhatEverTheJvmDefault() throws Exception {
        assertThat(BodyBytes.of(exchange("données é"), JSON)).isEqualTo("données é".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textInTheCharsetTheRouteSet() throws Exception {
        Exchange exchange = exchange("é");
        exchange.setProperty(Exchange.CHARSET_NAME, "ISO-8859-1");
        assertThat(BodyBytes.of(exchange, JSON)).containsExactly((byte) 0xE9);
    }

    @Test
    void anyTextIsSent() throws Exception {
        assertThat(BodyBytes.of(exchange(new StringBuilder("ok é")), JSON)).isEqualTo("ok é".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void streamsAreConvertedByCamel() throws Exception {
        assertThat(BodyBytes.of(exchange(new ByteArrayInputStream(new byte[] {7, 8})), JSON)).containsExactly(7, 8);
    }

    @Test
    void objectsAreJson() throws Exception {
        assertThat(new String(BodyBytes.of(exchange(Map.of("a", 1)), JSON), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void emptyBodiesAreNoContent() throws Exception {
        assertThat(BodyBytes.of(exchange(null), JSON)).isNull();
        assertThat(BodyBytes.of(exchange(new byte[0]), JSON)).isNull();
        assertThat(BodyBytes.of(exchange(""), JSON)).isNull();
    }

    private static Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
