package io.camelworker.transport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The acknowledgement decisions of one consumer channel, against a recording channel. */
class DeliveryAcksTest {

    final RecordingChannel channel = new RecordingChannel();
    final DeliveryAcks acks = new DeliveryAcks(channel);

    @Test
    void aRequestIsAcknowledgedOnlyOnceItsAnswerIsConfirmed() throws Exception {
        acks.received(1);
        assertThat(channel.sent).isEmpty();

        acks.answered(1);

        assertThat(channel.sent).containsExactly("ack 1");
        assertThat(acks.isEmpty()).isTrue();
    }

    @Test
    void answersConfirmedOutOfOrderWaitForTheHeadThenGoAsOneMultipleAck() throws Exception {
        acks.received(1);
        acks.received(2);
        acks.received(3);
        acks.received(4);

        acks.answered(3);
        acks.answered(2);
        assertThat(channel.sent).as("tag 1 is not answered: a multiple ack would cover it").isEmpty();
        acks.answered(1);

        assertThat(channel.sent).containsExactly("ack 3 multiple");
        acks.answered(4);
        assertThat(channel.sent).containsExactly("ack 3 multiple", "ack 4");
    }

    @Test
    void aRequestWhoseAnswerWasGivenUpIsRequeuedAndReleasesTheAnsweredOnesBehindIt() throws Exception {
        acks.received(5);
        acks.received(6);
        acks.received(7);
        acks.answered(6);
        acks.answered(7);

        acks.abandoned(5);

        assertThat(channel.sent).containsExactly("requeue 5", "ack 7 multiple");
        assertThat(acks.isEmpty()).isTrue();
    }

    @Test
    void aRequestThatCanNeverBeAnsweredIsRejectedForTheBrokerToDeadLetter() throws Exception {
        acks.received(1);
        acks.received(2);
        acks.answered(2);

        acks.rejected(1);

        assertThat(channel.sent).containsExactly("reject 1", "ack 2");
    }

    @Test
    void nothingIsSentToAClosedChannelForAGivenUpRequest() throws Exception {
        acks.received(1);
        channel.open = false;

        acks.abandoned(1);

        assertThat(channel.sent).isEmpty();
        assertThat(acks.isEmpty()).isTrue();
    }

    @Test
    void aTagIsSettledOnceOnly() throws Exception {
        acks.received(1);
        acks.answered(1);
        acks.answered(1);
        acks.abandoned(1);

        assertThat(channel.sent).containsExactly("ack 1");
    }

    @Test
    void waitingForSettlementEndsWhenTheLastAnswerIsConfirmedOrAtTheBound() throws Exception {
        acks.received(1);
        assertThat(acks.awaitSettled(Duration.ofMillis(50))).isFalse();

        Thread confirmer = new Thread(() -> {
            try {
                acks.answered(1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        confirmer.start();

        assertThat(acks.awaitSettled(Duration.ofMinutes(1))).isTrue();
        confirmer.join();
    }

    /** Records what would be sent to the consumer channel. */
    static final class RecordingChannel implements DeliveryAcks.Acknowledger {
        final List<String> sent = new ArrayList<>();
        boolean open = true;

        @Override
        public void ack(long deliveryTag, boolean multiple) {
            sent.add("ack " + deliveryTag + (multiple ? " multiple" : ""));
        }

        @Override
        public void requeue(long deliveryTag) {
            sent.add("requeue " + deliveryTag);
        }

        @Override
        public void reject(long deliveryTag) {
            sent.add("reject " + deliveryTag);
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }
}
