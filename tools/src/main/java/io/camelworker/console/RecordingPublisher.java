package io.camelworker.console;

import com.rabbitmq.client.AMQP;
import io.camelworker.runtime.WorkerProperties;
import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.protocol.TraceContext;
import io.camelworker.transport.ManagerPublisher;
import io.camelworker.retry.RetryPolicy;
import io.camelworker.retry.StopSignal;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The worker's publisher without a broker ({@code bin/run-route}): every publication a route or the listener makes
 * (answer, dead letter, new request, Feature Manager update) is built by {@link ManagerPublisher} as it would be sent,
 * then recorded and taken at once instead of being published.
 */
class RecordingPublisher extends ManagerPublisher {

    /** One publication, exactly as it would have gone to the broker. */
    record Publication(String exchange, String routingKey, Map<String, Object> headers, byte[] body) {

        String header(String name) {
            Object value = headers.get(name);
            return value == null ? null : value.toString();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final List<Publication> publications = new CopyOnWriteArrayList<>();
    private final List<Consumer<Publication>> observers = new CopyOnWriteArrayList<>();

    RecordingPublisher(ConnectionFactory connectionFactory, WorkerProperties properties) {
        super(connectionFactory, properties.getTopology().toWorkerTopology(), properties.getConfirmTimeout(),
                new RetryPolicy(properties.getRetry()), 1);
    }

    /** What was published so far, in order. */
    List<Publication> publications() {
        return List.copyOf(publications);
    }

    /** Calls {@code observer} with each publication once recorded (the stand-in Feature Manager answers its updates). */
    void observe(Consumer<Publication> observer) {
        observers.add(observer);
    }

    @Override
    protected CompletableFuture<Void> publish(String exchange, String routingKey, byte[] body, AMQP.BasicProperties properties,
                                              StopSignal stop) {
        Publication publication = new Publication(exchange, routingKey,
                properties.getHeaders() == null ? Map.of() : Map.copyOf(properties.getHeaders()), body);
        publications.add(publication);
        observers.forEach(observer -> observer.accept(publication));
        return CompletableFuture.completedFuture(null);
    }

    /** Recorded whole: fitting the headers in a frame needs the broker's frame size, which only a connection tells. */
    @Override
    public CompletableFuture<Void> deadLetter(Message request, String stacktrace, TraceContext trace, StopSignal stop) {
        Map<String, Object> headers = new HashMap<>(request.getMessageProperties().getHeaders());
        headers.put(RegardsHeaders.EXCEPTION_STACKTRACE, stacktrace);
        AMQP.BasicProperties properties = new DefaultMessagePropertiesConverter()
                .fromMessageProperties(request.getMessageProperties(), StandardCharsets.UTF_8.name()).builder()
                .headers(headers).build();
        return publish(topology().requestDlqExchange(), "", request.getBody(), properties, stop);
    }
}
