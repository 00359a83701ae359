package io.camelworker.transport;

import io.camelworker.outcome.Causes;
import io.camelworker.outcome.RequestAbandonedException;
import io.camelworker.protocol.RequestContext;
import io.camelworker.retry.RetryPolicy;

import java.time.Duration;
import java.util.Map;

/**
 * The request listener's decisions, from plain values: what to do with a request as it arrives, after an attempt that
 * failed unexpectedly, and with its delivery once its answer's publication has ended. The listener carries them out.
 */
final class RequestDecisions {

    private RequestDecisions() {
    }

    /** What to do with a request as it arrives. */
    sealed interface Intake {
    }

    /** The manager cannot be answered (no tenant or request id): the request goes to its DLQ. */
    record DeadLetter(String reason) implements Intake {
    }

    /** A {@code regards.*} header is not text: the request is answered INVALID_CONTENT. */
    record AnswerInvalid(String reason) implements Intake {
    }

    /** A redelivery of an unanswered request: a copy goes back to the end of the queue with this count of deliveries. */
    record RequeueCounted(int deliveries) implements Intake {
    }

    /** The request is processed. */
    record Process() implements Intake {
    }

    /**
     * Decides what to do with a request as it arrives.
     *
     * @param request       the request's REGARDS headers, read from {@code headers}
     * @param headers       the request's AMQP headers
     * @param redelivered   the broker's redelivered flag: a previous consumer ended without settling it
     * @param maxDeliveries {@code worker.retry.max-deliveries}
     */
    static Intake intake(RequestContext request, Map<String, Object> headers, boolean redelivered, int maxDeliveries) {
        String invalid = RequestContext.invalidHeader(headers);
        String missing = request.missingRequiredHeader();
        if (missing != null) {
            String reason = invalid != null ? invalid : "request has no header " + missing;
            return new DeadLetter(reason + ": the manager cannot be answered");
        }
        if (invalid != null) {
            return new AnswerInvalid(invalid);
        }
        if (!redelivered) {
            return new Process();
        }
        Object previous = headers.get(ManagerPublisher.DELIVERIES_HEADER);
        int deliveries = (previous instanceof Number n ? n.intValue() : 0) + 1;
        if (deliveries >= maxDeliveries) {
            return new DeadLetter("request delivered " + deliveries + " times without being answered: the worker process "
                    + "stopped or crashed each time it processed it, or the job outlasted the broker's consumer_timeout "
                    + "(limit worker.retry.max-deliveries=" + maxDeliveries + ")");
        }
        return new RequeueCounted(deliveries);
    }

    /** What follows an attempt that failed unexpectedly. */
    enum AfterFailure {
        /**
         * A step gave the request up because the worker stops ({@link RequestAbandonedException}, wrapped by Camel): no
         * other attempt, no answer; the request is left for redelivery.
         */
        ABANDON,
        /** Another attempt, after the policy's pause. */
        RETRY,
        /** The attempts are spent: the request goes to the manager's DLQ with the failure's stack trace. */
        DEAD_LETTER,
        /** The request's time budget does not cover the pause: it is answered ERROR naming worker.request-timeout. */
        ANSWER_OUT_OF_TIME
    }

    /**
     * @param attempt   the attempt that failed (1-based)
     * @param cause     why it failed
     * @param remaining what is left of the request's time budget
     */
    static AfterFailure afterFailure(int attempt, Throwable cause, RetryPolicy retry, Duration remaining) {
        if (abandonment(cause) != null) {
            return AfterFailure.ABANDON;
        }
        if (!retry.allowsAttemptAfter(attempt)) {
            return AfterFailure.DEAD_LETTER;
        }
        return remaining.compareTo(retry.pauseAfter(attempt)) <= 0 ? AfterFailure.ANSWER_OUT_OF_TIME : AfterFailure.RETRY;
    }

    /** The {@link RequestAbandonedException} in the cause chain of a failure, or null. */
    static RequestAbandonedException abandonment(Throwable failure) {
        return Causes.find(failure, RequestAbandonedException.class).orElse(null);
    }

    /** What becomes of a delivery once the publication of its answer (response or dead letter) has ended. */
    enum Settlement {
        /** The broker confirmed the answer: the request is acknowledged. */
        ACK,
        /** The answer was given up (the worker stops): the request goes back to the queue. */
        REQUEUE,
        /**
         * Neither the answer nor a dead letter can ever be published: the request is rejected, and the broker dead-letters
         * it (the queue's x-dead-letter-exchange) rather than redelivering it for ever.
         */
        REJECT
    }

    /** @param failure why the publication failed, or null when the broker confirmed it */
    static Settlement settlement(Throwable failure) {
        if (failure == null) {
            return Settlement.ACK;
        }
        return ManagerPublisher.aborted(failure) instanceof PublicationRefusedException ? Settlement.REJECT : Settlement.REQUEUE;
    }
}
