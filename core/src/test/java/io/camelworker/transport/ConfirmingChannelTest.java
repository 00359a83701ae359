package io.camelworker.transport;

import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cheap bound that spares encoding the properties of each publication to check they fit in a frame. */
class ConfirmingChannelTest {

    @Test
    void theBoundIsNeverBelowTheEncodedSize() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("regards.tenant", "project1");
        headers.put("regards.request.id", "é".repeat(1000) + "\u20ac".repeat(1000));
        headers.put("x-camel-worker-deliveries", 3);
        headers.put("bytes", new byte[500]);
        headers.put("flag", true);
        headers.put("nothing", null);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                .contentEncoding("UTF-8").deliveryMode(2).priority(0).messageId("m-1").appId("rs-worker-manager")
                .timestamp(new java.util.Date()).headers(headers).build();

        assertThat(ConfirmingChannel.sizeBound(properties)).isGreaterThanOrEqualTo(ConfirmingChannel.headerFrameSize(properties, 10));
    }

    @Test
    void aHeaderOfAnotherTypeIsNotBoundedButEncoded() {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .headers(Map.of("table", Map.of("k", "v"), "array", List.of(1, 2))).build();

        assertThat(ConfirmingChannel.sizeBound(properties)).isEqualTo(Long.MAX_VALUE);
    }
}
