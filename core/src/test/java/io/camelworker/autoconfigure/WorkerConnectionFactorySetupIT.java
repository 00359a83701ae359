package io.camelworker.autoconfigure;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.camelworker.runtime.WorkerProperties;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection factory as the consumers need it, on the real broker (127.0.0.1:5672): with {@code worker.concurrency}
 * above the client's own pool (two threads per core), every consumer still gets a delivery thread of its own at once,
 * and enough channels are cached.
 */
class WorkerConnectionFactorySetupIT {

    @Test
    void everyConsumerIsDeliveredToAtOnceOnAThreadOfItsOwn() throws Exception {
        int consumers = 2 * Runtime.getRuntime().availableProcessors() + 3;
        WorkerProperties properties = new WorkerProperties();
        properties.setConcurrency(consumers);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("workerProperties", properties);
        ObjectProvider<WorkerProperties> provider = beans.getBeanProvider(WorkerProperties.class);
        CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", 5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setChannelCacheSize(1);
        new WorkerConnectionFactorySetup(provider).postProcessBeforeInitialization(factory, "rabbitConnectionFactory");
        assertThat(factory.getChannelCacheSize()).isEqualTo(consumers + 2);
        try (Connection connection = factory.createConnection()) {
            com.rabbitmq.client.Connection amqp = connection.getDelegate();
            Channel admin = amqp.createChannel();
            String queue = admin.queueDeclare().getQueue();
            // Each consumer holds its delivery's thread until every consumer has one: a pool smaller than the consumers
            // would leave some deliveries waiting, and the latch would never open.
            CountDownLatch allDelivered = new CountDownLatch(consumers);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < consumers; i++) {
                Channel channel = amqp.createChannel();
                channel.basicQos(1);
                channel.basicConsume(queue, true, new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                            throws java.io.IOException {
                        threads.add(Thread.currentThread().getName());
                        allDelivered.countDown();
                        try {
                            allDelivered.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            }
            for (int i = 0; i < consumers; i++) {
                admin.basicPublish("", queue, null, ("request " + i).getBytes(StandardCharsets.UTF_8));
            }
            assertThat(allDelivered.await(20, TimeUnit.SECONDS)).as("every consumer delivered to at once").isTrue();
            assertThat(threads).hasSize(consumers).allMatch(name -> name.startsWith("WorkerDelivery-"));
            admin.queueDelete(queue);
        } finally {
            factory.destroy();
        }
    }

    @Test
    void aLargerChannelCacheIsKept() {
        WorkerProperties properties = new WorkerProperties();
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("workerProperties", properties);
        CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", 5672);
        factory.setChannelCacheSize(40);
        new WorkerConnectionFactorySetup(beans.getBeanProvider(WorkerProperties.class))
                .postProcessBeforeInitialization(factory, "rabbitConnectionFactory");
        assertThat(factory.getChannelCacheSize()).isEqualTo(40);
        factory.destroy();
    }
}
