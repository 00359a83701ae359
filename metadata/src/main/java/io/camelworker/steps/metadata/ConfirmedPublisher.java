package io.camelworker.steps.metadata;

import io.camelworker.outcome.RequestAbandonedException;
import io.camelworker.retry.StopSignal;
import org.springframework.amqp.core.Message;

/**
 * What the metadata steps need of the transport: a publication the broker has confirmed before it returns, so that
 * the request is acknowledged only once the update is safely with the broker. The worker's publisher is one.
 */
@FunctionalInterface
public interface ConfirmedPublisher {

    /**
     * Publishes {@code message} and waits until the broker has taken it, trying again meanwhile.
     *
     * @throws RequestAbandonedException when {@code stop} is raised or the thread interrupted before the broker took it,
     *                                   or the broker can never take it
     */
    void publishConfirmed(String exchange, String routingKey, Message message, StopSignal stop);
}
