package io.camelworker.transport;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.Connection;
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
                    channel = ConfirmingChannel.open(openConnection().getDelegate());
                } catch (AmqpException e) {
                    throw new IOException("no publisher connection: " + e.getMessage(), e);
                }
                channels[slot] = channel;
            }
            return channel;
        }
    }

    /**
     * The publisher connection, a new one if the cached one was lost. Spring's caching factory hands out its cached
     * connection, closed or not, until one of its own channels finds it closed: the channels here are the client's, so
     * without the reset a lost connection would stay in use until something else (the next heartbeat) reconnected.
     */
    private Connection openConnection() {
        Connection connection = publisherConnections.createConnection();
        if (!connection.isOpen()) {
            publisherConnections.resetConnection();
            connection = publisherConnections.createConnection();
        }
        return connection;
    }

    /** Largest frame the broker accepts (0: unlimited), as negotiated on the publisher connection. */
    int frameMax() throws IOException {
        return channel().frameMax();
    }
}
