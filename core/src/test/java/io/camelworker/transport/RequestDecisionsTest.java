package io.camelworker.transport;

import io.camelworker.outcome.RequestAbandonedException;
import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.protocol.RequestContext;
import io.camelworker.retry.Backoff;
import io.camelworker.retry.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The request listener's decisions, from plain values (the acknowledgements themselves: {@link DeliveryAcksTest}). */
class RequestDecisionsTest {

    static final int MAX_DELIVERIES = 5;
    static final Throwable FAILURE = new IllegalStateException("unexpected");
    final RetryPolicy retry = new RetryPolicy(new Backoff(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)));

    @Test
    void aFirstDeliveryOfAnAnswerableRequestIsProcessed() {
        assertThat(intake(answerable(), false)).isEqualTo(new RequestDecisions.Process());
    }

    @Test
    void aRequestWithoutTenantIsDeadLetteredForTheManagerCannotBeAnswered() {
        Map<String, Object> headers = answerable();
        headers.remove(RegardsHeaders.TENANT);

        assertThat(intake(headers, false)).isEqualTo(new RequestDecisions.DeadLetter(
                "request has no header regards.tenant: the manager cannot be answered"));
    }

    @Test
    void aRequestWithABlankRequestIdIsDeadLettered() {
        Map<String, Object> headers = answerable();
        headers.put(RegardsHeaders.REQUEST_ID, " ");

        assertThat(intake(headers, true)).isEqualTo(new RequestDecisions.DeadLetter(
                "request has no header regards.request.id: the manager cannot be answered"));
    }

    @Test
    void aTenantThatIsNotTextIsDeadLetteredNamingTheHeader() {
        Map<String, Object> headers = answerable();
        headers.put(RegardsHeaders.TENANT, 42);

        assertThat(intake(headers, false)).isInstanceOf(RequestDecisions.DeadLetter.class)
                .extracting(decision -> ((RequestDecisions.DeadLetter) decision).reason()).asString()
                .startsWith("header 'regards.tenant' is ").endsWith(": the manager cannot be answered");
    }

    @Test
    void anAnswerableRequestWithAnotherRegardsHeaderThatIsNotTextIsAnsweredInvalidContent() {
        Map<String, Object> headers = answerable();
        headers.put(RegardsHeaders.REQUEST_OWNER, 42);

        assertThat(intake(headers, true)).isInstanceOf(RequestDecisions.AnswerInvalid.class)
                .extracting(decision -> ((RequestDecisions.AnswerInvalid) decision).reason()).asString()
                .startsWith("header 'regards.request.owner' is ").endsWith(", expected a string");
    }

    @Test
    void aRedeliveryIsQueuedAgainCountingItsUnansweredDeliveries() {
        assertThat(intake(answerable(), true)).isEqualTo(new RequestDecisions.RequeueCounted(1));

        Map<String, Object> counted = answerable();
        counted.put(ManagerPublisher.DELIVERIES_HEADER, 3);
        assertThat(intake(counted, true)).isEqualTo(new RequestDecisions.RequeueCounted(4));
    }

    @Test
    void theCountOfACopyThatIsNotRedeliveredIsIgnored() {
        Map<String, Object> counted = answerable();
        counted.put(ManagerPublisher.DELIVERIES_HEADER, MAX_DELIVERIES - 1);

        assertThat(intake(counted, false)).isEqualTo(new RequestDecisions.Process());
    }

    @Test
    void aRequestDeliveredMaxDeliveriesTimesWithoutAnswerIsDeadLetteredNamingTheSetting() {
        Map<String, Object> counted = answerable();
        counted.put(ManagerPublisher.DELIVERIES_HEADER, MAX_DELIVERIES - 1);

        assertThat(intake(counted, true)).isInstanceOf(RequestDecisions.DeadLetter.class)
                .extracting(decision -> ((RequestDecisions.DeadLetter) decision).reason()).asString()
                .startsWith("request delivered 5 times without being answered")
                .endsWith("(limit worker.retry.max-deliveries=5)");
    }

    @Test
    void aFailedAttemptIsRetriedWhileAttemptsAndTimeRemain() {
        assertThat(RequestDecisions.afterFailure(1, FAILURE, retry, Duration.ofMinutes(1))).isEqualTo(RequestDecisions.AfterFailure.RETRY);
        assertThat(RequestDecisions.afterFailure(2, FAILURE, retry, Duration.ofMinutes(1))).isEqualTo(RequestDecisions.AfterFailure.RETRY);
    }

    @Test
    void theLastFailedAttemptSendsTheRequestToTheDeadLetterQueue() {
        assertThat(RequestDecisions.afterFailure(3, FAILURE, retry, Duration.ofMinutes(1)))
                .isEqualTo(RequestDecisions.AfterFailure.DEAD_LETTER);
    }

    @Test
    void aFailedAttemptIsAnsweredErrorWhenTheBudgetLeftDoesNotCoverThePause() {
        // The pause after attempt 2 is 2 s.
        assertThat(RequestDecisions.afterFailure(2, FAILURE, retry, Duration.ofSeconds(2)))
                .isEqualTo(RequestDecisions.AfterFailure.ANSWER_OUT_OF_TIME);
        assertThat(RequestDecisions.afterFailure(2, FAILURE, retry, Duration.ofMillis(2001)))
                .isEqualTo(RequestDecisions.AfterFailure.RETRY);
    }

    @Test
    void aStepThatGaveTheRequestUpAsTheWorkerStopsLeavesItForRedeliveryWithoutAnotherAttempt() {
        Throwable wrapped = new RuntimeException("Camel's wrapper",
                new RequestAbandonedException("reading files[0] given up: the worker is stopping"));

        assertThat(RequestDecisions.afterFailure(1, wrapped, retry, Duration.ofMinutes(1)))
                .isEqualTo(RequestDecisions.AfterFailure.ABANDON);
        assertThat(RequestDecisions.abandonment(wrapped)).hasMessage("reading files[0] given up: the worker is stopping");
        assertThat(RequestDecisions.abandonment(FAILURE)).isNull();
    }

    @Test
    void aRequestIsAcknowledgedOnlyOnceItsAnswerIsConfirmed() {
        assertThat(RequestDecisions.settlement(null)).isEqualTo(RequestDecisions.Settlement.ACK);
    }

    @Test
    void aRequestWhoseAnswerWasGivenUpGoesBackToTheQueue() {
        assertThat(RequestDecisions.settlement(new PublishAbortedException("the worker is stopping")))
                .isEqualTo(RequestDecisions.Settlement.REQUEUE);
        assertThat(RequestDecisions.settlement(new CompletionException(new IllegalStateException("channel closed"))))
                .isEqualTo(RequestDecisions.Settlement.REQUEUE);
    }

    @Test
    void aRequestWhoseAnswerCanNeverBePublishedIsRejectedForTheBrokerToDeadLetter() {
        assertThat(RequestDecisions.settlement(new CompletionException(new PublicationRefusedException("frame_max"))))
                .isEqualTo(RequestDecisions.Settlement.REJECT);
    }

    private static RequestDecisions.Intake intake(Map<String, Object> headers, boolean redelivered) {
        return RequestDecisions.intake(RequestContext.from(headers), headers, redelivered, MAX_DELIVERIES);
    }

    private static Map<String, Object> answerable() {
        Map<String, Object> headers = new HashMap<>();
        headers.put(RegardsHeaders.TENANT, "project1");
        headers.put(RegardsHeaders.REQUEST_ID, "request-1");
        return headers;
    }
}
