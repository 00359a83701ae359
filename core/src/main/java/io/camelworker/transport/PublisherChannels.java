package io.camelworker.transport;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

import java.io.IOException;

/**
 * The confirm-mode channels of Spring AMQP's publisher connection, a few of them so that publishing threads seldom
 * wait for one another. A channel that closed is replaced by a new one, on a new connection when the old one is gone.
 */
final class PublisherChannels {

    private final ConnectionFactory publisherConnections;
    private final ConfirmingChannel[] channels;

    PublisherChannels(ConnectionFactory connectionFactory, int size) {
        this.publisherConnections = connectionFactory.getPublisherConnectionFactory() != null
                ? connectionFactory.getPublisherConnectionFactory() : connectionFactory;
        this.channels = new ConfirmingChannel[size];
    }

    /** The open channel of the calling thread's slot. */
    ConfirmingChannel channel() throws IOException {
        int slot = (int) (Thread.currentThread().getId() % channels.length);
        synchronized (channels) {
            ConfirmingChannel channel = channels[slot];
            if (channel == null || !channel.isOpen()) {
                try {
                    channel = ConfirmingChannel.open(publisherConnections.createConnection().getDelegate());
                } catch (AmqpException e) {
                    throw new IOException("no publisher connection: " + e.getMessage(), e);
                }
                channels[slot] = channel;
            }
            return channel;
        }
    }

    /** Largest frame the broker accepts (0: unlimited), as negotiated on the publisher connection. */
    int frameMax() throws IOException {
        return channel().frameMax();
    }
}
