package io.camelworker.steps.metadata;

import io.camelworker.outcome.RequestAbandonedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Receives the Feature Manager's answers ({@code FeatureRequestEvent}) for this process, and hands each to the request
 * that waits for it.
 *
 * <p>The answers' exchange is a fanout: every replica receives every answer, to every client of the Feature Manager. So
 * each process binds one exclusive, auto-delete queue of its own, keeps only a map of the request ids it waits for,
 * and drops any other answer after reading its request id ({@link FeatureAnswerPeek}), without parsing the rest. A
 * request id is registered before its update is published: an answer may come back before the publisher returns.
 * Answers are consumed without acknowledgement: one lost in a crash only makes its request time out and be retried.
 * The queue is declared again on every new connection (an exclusive queue dies with its connection).
 */
public class FeatureManagerAnswers implements MessageListener {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureManagerAnswers.class);

    private final CachingConnectionFactory connectionFactory;
    private final RabbitAdmin admin;
    private final MetadataProperties properties;
    private final String queueName;
    private final ConcurrentMap<String, Wait> waits = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private SimpleMessageListenerContainer container;
    private volatile boolean started;

    /**
     * @param instanceId names this process's queue: {@code <answer exchange>.<instance id>}
     */
    public FeatureManagerAnswers(CachingConnectionFactory connectionFactory, MetadataProperties properties, String instanceId) {
        this.connectionFactory = connectionFactory;
        this.admin = new RabbitAdmin(connectionFactory);
        this.admin.setAutoStartup(false);
        this.properties = properties;
        this.queueName = properties.getAnswerExchange() + "." + instanceId;
        connectionFactory.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(org.springframework.amqp.rabbit.connection.Connection connection) {
                if (started) {
                    declareQuietly();
                }
            }
        });
    }

    /** Answers received that no request of this process waited for. */
    public long dropped() {
        return dropped.sum();
    }

    /** Binds the queue and starts consuming; does nothing when already started. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        declareQuietly();
        // Its consumer thread is the container's own, as for the request queues: it follows the broker connection.
        container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(queueName);
        container.setAcknowledgeMode(AcknowledgeMode.NONE);
        container.setMissingQueuesFatal(false);
        container.setBeanName("feature-manager-answers");
        container.setMessageListener(this);
        container.afterPropertiesSet();
        container.start();
        LOG.info("Feature Manager answers are read from queue '{}' bound to exchange '{}'", queueName,
                properties.getAnswerExchange());
    }

    /** Stops consuming; the requests still waiting give up and are left for redelivery. */
    public synchronized void stop() {
        started = false;
        if (container != null) {
            container.stop();
            container.destroy();
            container = null;
        }
        waits.values().forEach(wait -> wait.answer.completeExceptionally(
                new RequestAbandonedException("waiting for the Feature Manager's answer to " + wait.requestId
                        + " given up: the worker is stopping")));
    }

    /**
     * Registers a request id whose answer is awaited; call it before publishing the request, and close the wait after.
     */
    public Wait register(String requestId) {
        Wait wait = new Wait(requestId, properties.getFeatureManagerWait());
        if (waits.putIfAbsent(requestId, wait) != null) {
            throw new IllegalStateException("request id " + requestId + " is already awaited");
        }
        return wait;
    }

    @Override
    public void onMessage(Message message) {
        String requestId = FeatureAnswerPeek.requestId(message.getBody());
        Wait wait = requestId == null ? null : waits.get(requestId);
        if (wait == null) {
            dropped.increment();
            return;
        }
        FeatureManagerAnswer answer = FeatureManagerAnswer.parse(message.getBody());
        if (answer == null) {
            LOG.warn("Answer of the Feature Manager to {} is not a FeatureRequestEvent this worker can read; ignored", requestId);
            return;
        }
        wait.accept(answer);
    }

    private void declareQuietly() {
        try {
            FanoutExchange exchange = new FanoutExchange(properties.getAnswerExchange(), true, false);
            if (properties.isDeclareUpdateExchange()) {
                admin.declareExchange(exchange);
            }
            admin.declareQueue(new Queue(queueName, false, true, true));
            admin.declareBinding(new Binding(queueName, Binding.DestinationType.QUEUE, exchange.getName(), "", null));
        } catch (AmqpException e) {
            LOG.warn("Cannot bind queue '{}' to the Feature Manager's answers yet ({}); bound again on the next connection",
                    queueName, e.getMessage());
        }
    }

    /** How far a request waits: which answer ends it. */
    public enum Until {
        /** GRANTED (registered: the patch passed the data model's validation) or DENIED. */
        REGISTRATION,
        /** SUCCESS (the patch is applied) or ERROR, or DENIED at registration. */
        PROCESSING
    }

    /** One request waiting for its answer. */
    public final class Wait implements AutoCloseable {

        private final String requestId;
        private final Until until;
        private final CompletableFuture<FeatureManagerAnswer> answer = new CompletableFuture<>();
        private volatile boolean granted;

        private Wait(String requestId, Until until) {
            this.requestId = requestId;
            this.until = until;
        }

        private void accept(FeatureManagerAnswer received) {
            boolean ends = switch (received.state()) {
                case GRANTED -> until == Until.REGISTRATION;
                case DENIED, SUCCESS, ERROR -> true;
            };
            granted |= received.state() == FeatureManagerAnswer.State.GRANTED;
            if (ends) {
                answer.complete(received);
            }
        }

        /** Whether the Feature Manager has granted the request so far. */
        public boolean granted() {
            return granted;
        }

        /**
         * Waits for the answer that ends the request.
         *
         * @throws TimeoutException when it did not come within {@code timeout}
         * @throws InterruptedException when the request's thread is interrupted (its time budget is spent)
         */
        public FeatureManagerAnswer await(Duration timeout) throws TimeoutException, InterruptedException {
            try {
                return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw (RuntimeException) e.getCause();
            }
        }

        @Override
        public void close() {
            waits.remove(requestId, this);
        }
    }
}
