package io.camelworker.transport;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.impl.LongStringHelper;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery's properties come out as Spring AMQP's own conversion makes them: only the charset's spelling differs. */
class DeliveryPropertiesConverterTest {

    @Test
    void decodesTheHeadersAsSpringAmqpDoes() {
        String tenant = "projét-€-\uD83D\uDE80";
        AMQP.BasicProperties delivered = new AMQP.BasicProperties.Builder().contentType("application/json")
                .contentEncoding("UTF-8").priority(3)
                .headers(Map.of("regards.tenant", LongStringHelper.asLongString(tenant),
                        "regards.request.id", LongStringHelper.asLongString("r-1"), "x-count", 2))
                .build();
        Envelope envelope = new Envelope(7, true, "", "regards.worker.t.request");

        MessageProperties ours = new DeliveryPropertiesConverter().toMessageProperties(delivered, envelope, "UTF-8");
        MessageProperties springs = new DefaultMessagePropertiesConverter().toMessageProperties(delivered, envelope, "UTF-8");

        assertThat(ours.getHeaders()).isEqualTo(springs.getHeaders()).containsEntry("regards.tenant", tenant);
        assertThat(ours.getDeliveryTag()).isEqualTo(7);
        assertThat(ours.isRedelivered()).isTrue();
        assertThat(ours.getPriority()).isEqualTo(3);
    }
}
