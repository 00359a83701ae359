package io.camelworker.transport;

import io.camelworker.protocol.WorkerTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Declares the broker objects a worker uses exactly as the Worker Manager declares them (protocol spec §1), so that
 * whichever of the two comes first, the other's declaration succeeds; and declares them again on every new connection
 * (a broker that restarts empty). It also tells whether a worker type's request queue exists, which a worker that does
 * not declare it waits for.
 */
public class TopologyDeclarer {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyDeclarer.class);

    private final RabbitAdmin admin;
    private final WorkerTopology topology;
    private final Set<String> workerTypes = new CopyOnWriteArraySet<>();

    public TopologyDeclarer(CachingConnectionFactory connectionFactory, WorkerTopology topology) {
        this.admin = new RabbitAdmin(connectionFactory);
        this.admin.setAutoStartup(false);
        this.topology = topology;
        connectionFactory.addConnectionListener(new ConnectionListener() {
            @Override
            public void onCreate(org.springframework.amqp.rabbit.connection.Connection connection) {
                workerTypes.forEach(TopologyDeclarer.this::declareQuietly);
            }
        });
    }

    /** Declares the objects of a worker type now, and again on every new connection. */
    public void declare(String workerType) {
        workerTypes.add(workerType);
        declareQuietly(workerType);
    }

    /**
     * Whether the request queue of {@code workerType} exists now: false when it does not, or when the broker cannot be
     * asked (it is away). A passive declaration, which the broker refuses without side effect when the queue is missing.
     */
    public boolean requestQueueExists(String workerType) {
        try {
            return admin.getQueueInfo(topology.requestQueue(workerType)) != null;
        } catch (AmqpException e) {
            return false;
        }
    }

    private void declareQuietly(String workerType) {
        try {
            declareNow(workerType);
        } catch (AmqpException e) {
            LOG.warn("Cannot declare the broker objects of worker type '{}' yet ({}); they are declared again on the next connection",
                    workerType, e.getMessage());
        }
    }

    void declareNow(String workerType) {
        TopicExchange requestExchange = new TopicExchange(topology.requestExchange(workerType), true, false);
        Queue requestQueue = new Queue(topology.requestQueue(workerType), true, false, false, topology.requestQueueArguments());
        admin.declareExchange(requestExchange);
        admin.declareQueue(requestQueue);
        admin.declareBinding(BindingBuilder.bind(requestQueue).to(requestExchange).with(WorkerTopology.ROUTING_KEY_ALL));

        admin.declareExchange(new TopicExchange(topology.responseExchange(), true, false));
        admin.declareExchange(new TopicExchange(topology.heartbeatExchange(), true, false));

        FanoutExchange dlqExchange = new FanoutExchange(topology.requestDlqExchange(), true, false);
        Queue dlqQueue = new Queue(topology.requestDlqQueue(), true, false, false, topology.requestDlqArguments());
        admin.declareExchange(dlqExchange);
        admin.declareQueue(dlqQueue);
        admin.declareBinding(new Binding(dlqQueue.getName(), Binding.DestinationType.QUEUE, dlqExchange.getName(),
                WorkerTopology.ROUTING_KEY_ALL, null));
        LOG.debug("Declared the broker objects of worker type '{}'", workerType);
    }
}
