package io.camelworker.console;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.steps.metadata.FeatureManagerAnswer;
import io.camelworker.steps.metadata.FeatureManagerAnswers;
import io.camelworker.steps.metadata.MetadataProperties;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Feature Manager of {@code bin/run-route}: consumes nothing from a broker, and answers each update the route
 * publishes to {@code worker.metadata.update-exchange} as told ({@code --feature-manager}): SUCCESS (granted, then
 * applied), DENIED or ERROR with a reason, or NONE (no answer: the step waits worker.metadata.feature-manager-timeout).
 */
class StandInFeatureManager extends FeatureManagerAnswers {

    /** The answers {@code --feature-manager} may choose; NONE leaves the update unanswered. */
    enum Answer { SUCCESS, DENIED, ERROR, NONE }

    private final MetadataProperties properties;
    private volatile Answer answer = Answer.SUCCESS;

    StandInFeatureManager(CachingConnectionFactory connectionFactory, MetadataProperties properties, String instanceId) {
        super(connectionFactory, properties, instanceId);
        this.properties = properties;
    }

    void answerWith(Answer answer) {
        this.answer = answer;
    }

    Answer answer() {
        return answer;
    }

    /** Whether a publication is an update to the Feature Manager. */
    boolean isUpdate(RecordingPublisher.Publication publication) {
        return properties.getUpdateExchange().equals(publication.exchange());
    }

    /** Nothing to consume: the answers come from {@link #answer(RecordingPublisher.Publication)}. */
    @Override
    public synchronized void start() {
        // no broker
    }

    /** Answers an update as the Feature Manager would, in its FeatureRequestEvent form. */
    void answer(RecordingPublisher.Publication publication) {
        if (!isUpdate(publication) || answer == Answer.NONE) {
            return;
        }
        String requestId = publication.header(RegardsHeaders.REQUEST_ID);
        if (answer == Answer.SUCCESS) {
            onMessage(event(requestId, FeatureManagerAnswer.State.GRANTED, List.of()));
            onMessage(event(requestId, FeatureManagerAnswer.State.SUCCESS, List.of()));
        } else {
            onMessage(event(requestId, FeatureManagerAnswer.State.valueOf(answer.name()),
                    List.of("answered " + answer + " by bin/run-route --feature-manager " + answer)));
        }
    }

    private static Message event(String requestId, FeatureManagerAnswer.State state, List<String> errors) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestId", requestId);
        event.put("state", state.name());
        event.put("errors", errors);
        try {
            return new Message(JsonMapper.builder().build().writeValueAsBytes(event), new MessageProperties());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
