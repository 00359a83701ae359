package io.camelworker.steps.metadata;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which Feature Manager answer ends a wait, and what is dropped: decisions only, no broker (never started). */
class FeatureManagerAnswersIT {

    private final CachingConnectionFactory unused = new CachingConnectionFactory("127.0.0.1");

    @Test
    void registrationWaitEndsAtGranted() throws Exception {
        FeatureManagerAnswers answers = answers(FeatureManagerAnswers.Until.REGISTRATION);
        try (FeatureManagerAnswers.Wait wait = answers.register("r1")) {
            answers.onMessage(answer("r1", "GRANTED"));

            assertThat(wait.await(Duration.ofSeconds(5)).state()).isEqualTo(FeatureManagerAnswer.State.GRANTED);
        }
    }

    @Test
    void processingWaitGoesOnPastGrantedUntilSuccess() throws Exception {
        FeatureManagerAnswers answers = answers(FeatureManagerAnswers.Until.PROCESSING);
        try (FeatureManagerAnswers.Wait wait = answers.register("r2")) {
            answers.onMessage(answer("r2", "GRANTED"));

            assertThatThrownBy(() -> wait.await(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
            assertThat(wait.granted()).isTrue();

            answers.onMessage(answer("r2", "SUCCESS"));
            assertThat(wait.await(Duration.ofSeconds(5)).state()).isEqualTo(FeatureManagerAnswer.State.SUCCESS);
        }
    }

    @Test
    void deniedEndsEitherWaitWithTheErrors() throws Exception {
        FeatureManagerAnswers answers = answers(FeatureManagerAnswers.Until.PROCESSING);
        try (FeatureManagerAnswers.Wait wait = answers.register("r3")) {
            answers.onMessage(message("{\"type\":\"PATCH\",\"requestId\":\"r3\",\"state\":\"DENIED\",\"errors\":[\"a\",\"b\"]}"));

            FeatureManagerAnswer answer = wait.await(Duration.ofSeconds(5));
            assertThat(answer.state()).isEqualTo(FeatureManagerAnswer.State.DENIED);
            assertThat(answer.errors()).containsExactly("a", "b");
        }
    }

    @Test
    void answersNobodyWaitsForAreDroppedAndCounted() {
        FeatureManagerAnswers answers = answers(FeatureManagerAnswers.Until.PROCESSING);
        try (FeatureManagerAnswers.Wait wait = answers.register("mine")) {
            answers.onMessage(answer("someone-else", "SUCCESS"));
            answers.onMessage(message("[1,2]"));
            answers.onMessage(message("not json"));
            answers.onMessage(message("{\"type\":\"PATCH\",\"state\":\"SUCCESS\"}"));

            assertThat(answers.dropped()).isEqualTo(4);
            assertThatThrownBy(() -> wait.await(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void closedWaitNoLongerReceivesItsAnswer() {
        FeatureManagerAnswers answers = answers(FeatureManagerAnswers.Until.PROCESSING);
        answers.register("late").close();

        answers.onMessage(answer("late", "SUCCESS"));

        assertThat(answers.dropped()).isEqualTo(1);
    }

    @Test
    void requestIdIsFoundWhereverItIsAndOnlyAtTheTopLevel() {
        assertThat(FeatureAnswerPeek.requestId(bytes("{\"type\":\"PATCH\",\"requestId\":\"x\"}"))).isEqualTo("x");
        assertThat(FeatureAnswerPeek.requestId(bytes("{\"errors\":[{\"requestId\":\"inner\"}],\"urn\":{\"requestId\":\"y\"},\"requestId\":\"z\"}")))
                .isEqualTo("z");
        assertThat(FeatureAnswerPeek.requestId(bytes("{\"requestId\":42}"))).isNull();
        assertThat(FeatureAnswerPeek.requestId(bytes("{\"type\":\"PATCH\"}"))).isNull();
    }

    private FeatureManagerAnswers answers(FeatureManagerAnswers.Until until) {
        MetadataProperties properties = new MetadataProperties();
        properties.setFeatureManagerWait(until);
        return new FeatureManagerAnswers(unused, properties, "test");
    }

    private static Message answer(String requestId, String state) {
        return message("{\"type\":\"PATCH\",\"requestId\":\"" + requestId + "\",\"requestOwner\":\"metadata-worker\",\"id\":\"P1\","
                + "\"urn\":\"URN:FEATURE:DATA:project1:87fdda0e-27d1-494f-a1c0-c57f2f0810f7:V1\",\"state\":\"" + state + "\"}");
    }

    private static Message message(String body) {
        return new Message(bytes(body), new MessageProperties());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
