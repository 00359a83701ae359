package io.camelworker.autoconfigure;

import io.camelworker.runtime.WorkerProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fits Spring Boot's connection factory to the consumers before anything opens a connection with it (a connection
 * opened earlier would keep the client's defaults): the threads the broker client delivers on, and enough cached
 * channels. What Boot's own settings cannot say, since both follow {@code worker.concurrency}. Applied to every
 * {@link CachingConnectionFactory} of the application, whichever one the consumers are given: a pool that grows as
 * deliveries need threads and a few more cached channels harm no other user of a factory.
 */
final class WorkerConnectionFactorySetup implements BeanPostProcessor {

    /** Looked up when the factory is made, not when this post-processor is: the settings are bound by then. */
    private final ObjectProvider<WorkerProperties> properties;

    WorkerConnectionFactorySetup(ObjectProvider<WorkerProperties> properties) {
        this.properties = properties;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof CachingConnectionFactory connectionFactory) {
            connectionFactory.setExecutor(deliveryThreads());
            // The heartbeat and the containers use cached channels: with fewer, Spring AMQP would open and close a
            // channel for each use. Confirmed publications have channels of their own, one per consumer thread and one more.
            int channelsNeeded = properties.getObject().getConcurrency() + 2;
            if (connectionFactory.getChannelCacheSize() < channelsNeeded) {
                connectionFactory.setChannelCacheSize(channelsNeeded);
            }
        }
        return bean;
    }

    /**
     * The threads the broker client delivers on, on which each request is processed: one for each channel with a delivery
     * under way, as many as the consumers need at once (the client's own pool has two per core, fewer than
     * {@code worker.concurrency} and the steps' own consumers may ask for: a long job would hold back the others).
     * Daemon threads that end after a minute idle: nothing to shut down with the application.
     */
    private static ExecutorService deliveryThreads() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("WorkerDelivery-");
        threads.setDaemon(true);
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }
}
