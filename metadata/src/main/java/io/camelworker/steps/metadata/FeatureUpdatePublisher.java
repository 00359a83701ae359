package io.camelworker.steps.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.protocol.TraceContext;
import io.camelworker.retry.StopSignal;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Publishes {@code FeatureUpdateRequestEvent}s to the Feature Manager, mandatory and confirmed by the broker (tried
 * again until it is), through the worker's {@link ConfirmedPublisher}, so that the request is acknowledged only once the
 * update is safely with the broker.
 */
public class FeatureUpdatePublisher {

    /** Header of the Feature Manager: when the request was made, ISO-8601 UTC. */
    public static final String REQUEST_DATE = "regards.request.date";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ConfirmedPublisher publisher;
    private final AmqpAdmin admin;
    private final MetadataProperties properties;

    public FeatureUpdatePublisher(ConfirmedPublisher publisher, AmqpAdmin admin, MetadataProperties properties) {
        this.publisher = publisher;
        this.admin = admin;
        this.properties = properties;
    }

    /**
     * An update published: its request id and the exact body sent.
     *
     * @param requestId {@code regards.request.id} of the update, new for each publication
     * @param body      the JSON body
     */
    public record Published(String requestId, byte[] body) {
    }

    /**
     * Publishes the update of a product under {@code requestId} and waits for the broker's confirm. The id is new for
     * each publication: the Feature Manager denies a duplicate id, and a redelivered request must still be applied.
     * The update goes out in {@code trace}, the trace context of the request being processed.
     */
    public Published publish(ProductUpdate update, String tenant, String owner, String requestId, TraceContext trace,
                             StopSignal stop) {
        ProductFeature feature = update.feature();
        FeatureUpdateRequestEvent event = new FeatureUpdateRequestEvent(
                new FeatureUpdateRequestEvent.Metadata(List.of(), properties.getPriority().name()),
                new FeatureUpdateRequestEvent.Feature("Feature", feature.id(), feature.urn(), feature.entityType().name(),
                        feature.model(), update.properties(), update.geometry()));
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the feature update", e);
        }
        MessageProperties message = new MessageProperties();
        message.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        message.setContentEncoding("UTF-8");
        message.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        message.setHeader(RegardsHeaders.TENANT, tenant);
        message.setHeader(RegardsHeaders.REQUEST_ID, requestId);
        message.setHeader(RegardsHeaders.REQUEST_OWNER, owner);
        message.setHeader(REQUEST_DATE, DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        trace.addTo(message.getHeaders());
        if (properties.isDeclareUpdateExchange()) {
            // Declared as REGARDS declares it; cheap and idempotent, and survives an exchange deleted meanwhile.
            admin.declareExchange(new FanoutExchange(properties.getUpdateExchange(), true, false));
        }
        publisher.publishConfirmed(properties.getUpdateExchange(), "", new Message(body, message), stop);
        return new Published(requestId, body);
    }
}
