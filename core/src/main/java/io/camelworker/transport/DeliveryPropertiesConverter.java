package io.camelworker.transport;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

/**
 * Spring AMQP's conversion of a delivery's properties, with the header values decoded by the charset name the RabbitMQ
 * client gives UTF-8 ({@code "utf-8"}) instead of the {@code "UTF-8"} the listener container passes: the same charset.
 *
 * <p>Why: {@code String(byte[], String)} and {@code String.getBytes(String)} find a charset by its name in the JDK's
 * cache of the last two names, shared by every thread. With two spellings in turn on the consumer thread (Spring's
 * decoding of the request, the client's encoding of the answer) and the client's own on its connection thread, the
 * cache often missed and the JDK looked the charset up in full: 6 % of the no-op request path's CPU (JFR).
 */
public final class DeliveryPropertiesConverter extends DefaultMessagePropertiesConverter {

    /** The name {@code com.rabbitmq.client.impl.ValueWriter} and {@code ValueReader} use for UTF-8. */
    static final String CLIENT_CHARSET_NAME = "utf-8";

    @Override
    public MessageProperties toMessageProperties(AMQP.BasicProperties source, Envelope envelope, String charset) {
        return super.toMessageProperties(source, envelope, CLIENT_CHARSET_NAME);
    }
}
