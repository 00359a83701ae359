package io.camelworker.transport;

import com.rabbitmq.client.Channel;
import io.camelworker.outcome.Outcome;
import io.camelworker.outcome.RequestAbandonedException;
import io.camelworker.protocol.RequestContext;
import io.camelworker.protocol.WorkerResponse;
import io.camelworker.protocol.WorkerResponseStatus;
import io.camelworker.retry.RetryPolicy;
import io.camelworker.retry.StopSignal;
import io.camelworker.tracing.RequestSpan;
import io.camelworker.tracing.RequestTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumes the requests of one worker type with manual acknowledgement: a request is acknowledged only once its answer
 * (response or dead letter) has been confirmed by the broker, so a process that dies at any instant loses nothing.
 * The answer is published without waiting for its confirm: the consumer takes its next request meanwhile (as many as
 * {@code worker.prefetch} requests are unacknowledged at once), and each request is acknowledged when its answer's
 * confirm arrives, the answered ones at the head of the channel together.
 *
 * <ul>
 *   <li>A request without {@code regards.tenant} or {@code regards.request.id} cannot be answered: it is dead-lettered.</li>
 *   <li>A redelivered request (its previous consumer died or stopped) is put back at the end of the queue with a count
 *       of its unanswered deliveries, since classic queues keep none; past {@code worker.retry.max-deliveries} it is dead-lettered.
 *       This is what stops a request that kills the process every time from looping for ever.</li>
 *   <li>An unexpected failure is retried in this process with backoff, then the request is dead-lettered with its
 *       stack trace in {@code x-exception-stacktrace}.</li>
 *   <li>An answer that could not be published before the worker stops leaves its request unacknowledged, for redelivery.</li>
 * </ul>
 */
public class RequestListener implements ChannelAwareMessageListener {

    /** MDC keys set while a request is processed, for the log pattern. */
    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_TENANT = "tenant";
    public static final String MDC_WORKER_TYPE = "workerType";
    /** MDC keys of the request's W3C trace context, when it has one: its trace id, and the span that sent the request. */
    public static final String MDC_TRACE_ID = "traceId";
    public static final String MDC_SPAN_ID = "spanId";

    private static final Logger LOG = LoggerFactory.getLogger(RequestListener.class);

    private final String workerType;
    private final String queue;
    private final RequestProcessor processor;
    private final ManagerPublisher publisher;
    private final RequestMetrics metrics;
    private final RequestsInFlight inFlight;
    private final RetryPolicy retry;
    private final int maxDeliveries;
    private final boolean sendRunning;
    private final StopSignal stop;
    private final RequestTracing tracing;
    /** The unsettled requests of each consumer channel (the channel itself, not Spring's proxy, whose target may change). */
    private final Map<Channel, DeliveryAcks> acks = new ConcurrentHashMap<>();
    /** When stopping, until when answers are awaited ({@link System#nanoTime()}); 0 before. */
    private volatile long drainDeadline;

    /**
     * @param retry         attempts of a request that fails unexpectedly ({@code worker.retry.*})
     * @param maxDeliveries deliveries without an answer before a request is dead-lettered ({@code worker.retry.max-deliveries})
     * @param tracing       a span per request, whose context its answers, dead letter and route carry ({@code OFF}: none)
     */
    public RequestListener(String workerType, RequestProcessor processor, ManagerPublisher publisher, RequestMetrics metrics,
                           RequestsInFlight inFlight, RetryPolicy retry, int maxDeliveries, boolean sendRunning,
                           StopSignal stop, RequestTracing tracing) {
        this.workerType = workerType;
        this.queue = publisher.topology().requestQueue(workerType);
        this.processor = processor;
        this.publisher = publisher;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.retry = retry;
        this.maxDeliveries = maxDeliveries;
        this.sendRunning = sendRunning;
        this.stop = stop;
        this.tracing = tracing;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        if (stop.isRaised()) {
            // Consuming stops: a request delivered now stays unacknowledged and goes back to the queue with the channel.
            return;
        }
        long deliveryTag = message.getMessageProperties().getDeliveryTag();
        DeliveryAcks channelAcks = acksOf(channel);
        RequestContext received = RequestContext.from(message.getMessageProperties().getHeaders());
        // Tracing on: the worker's span, whose context the answers, the dead letter and the route carry from here on.
        RequestSpan span = tracing.start(workerType, queue, received);
        RequestContext request = span.trace() == null ? received : received.withTrace(span.trace());
        putLogContext(request);
        channelAcks.received(deliveryTag);
        try {
            String requestId = request.requestId();
            handle(message, request, span, channel, channelAcks).whenComplete((taken, failure) -> {
                span.end(failure);
                settle(channelAcks, deliveryTag, requestId, failure);
            });
        } catch (AnsweredElsewhere e) {
            // The watchdog answered the request when it abandoned its route, which has ended since: nothing more to do.
        } catch (RequestAbandonedException e) {
            span.end(e);
            LOG.info("Request left unacknowledged for redelivery: {}", e.getMessage());
            channelAcks.abandoned(deliveryTag);
        } catch (RuntimeException e) {
            span.end(e);
            channelAcks.abandoned(deliveryTag);
            throw e;
        } finally {
            removeLogContext();
        }
        long deadline = drainDeadline;
        if (stop.isRaised() && deadline != 0) {
            // The last request of this consumer: the container closes the channel when this returns.
            awaitSettled(channelAcks, deadline);
        }
    }

    /**
     * Waits, at most {@code timeout}, until the answers of every request received are confirmed (and the requests
     * acknowledged) or given up; called when stopping, before the consumer channels close.
     *
     * @return whether every request was settled in time
     */
    public boolean awaitAnswersConfirmed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        drainDeadline = deadline;
        boolean settled = true;
        for (DeliveryAcks channelAcks : acks.values()) {
            settled &= awaitSettled(channelAcks, deadline);
        }
        return settled;
    }

    private static boolean awaitSettled(DeliveryAcks channelAcks, long deadline) {
        try {
            return channelAcks.awaitSettled(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void putLogContext(RequestContext request) {
        MDC.put(MDC_WORKER_TYPE, workerType);
        MDC.put(MDC_REQUEST_ID, LogValues.escape(request.requestId()));
        MDC.put(MDC_TENANT, LogValues.escape(request.tenant()));
        if (request.trace().isPresent()) {
            // Validated hex digits: nothing to escape.
            MDC.put(MDC_TRACE_ID, request.trace().traceId());
            MDC.put(MDC_SPAN_ID, request.trace().parentId());
        }
    }

    private static void removeLogContext() {
        MDC.remove(MDC_WORKER_TYPE);
        MDC.remove(MDC_REQUEST_ID);
        MDC.remove(MDC_TENANT);
        MDC.remove(MDC_TRACE_ID);
        MDC.remove(MDC_SPAN_ID);
    }

    private DeliveryAcks acksOf(Channel channel) {
        Channel target = channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel;
        DeliveryAcks known = acks.get(target);
        if (known != null) {
            return known;
        }
        // A new channel (first delivery, or a consumer restarted after a connection loss): forget the closed ones.
        acks.entrySet().removeIf(entry -> !entry.getKey().isOpen() && entry.getValue().isEmpty());
        return acks.computeIfAbsent(target, ChannelAcknowledger::acksOf);
    }

    /** Acknowledges a request whose answer the broker took, or sends it back to the queue when the answer was given up. */
    private static void settle(DeliveryAcks channelAcks, long deliveryTag, String requestId, Throwable failure) {
        try {
            switch (RequestDecisions.settlement(failure)) {
                case ACK -> channelAcks.answered(deliveryTag);
                case REJECT -> {
                    LOG.error("Request {} rejected to the request queue's dead-letter exchange: {}", LogValues.escape(requestId),
                            ManagerPublisher.aborted(failure).getMessage());
                    channelAcks.rejected(deliveryTag);
                }
                case REQUEUE -> {
                    LOG.info("Request {} left unacknowledged for redelivery: {}", LogValues.escape(requestId),
                            ManagerPublisher.aborted(failure).getMessage());
                    channelAcks.abandoned(deliveryTag);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The channel closed: the broker redelivers the request, whose answer may then be sent twice (same outcome).
            LOG.debug("Acknowledgement of request {} not sent: {}", LogValues.escape(requestId), e.toString());
        }
    }

    private CompletableFuture<Void> handle(Message message, RequestContext request, RequestSpan span, Channel channel,
                                           DeliveryAcks channelAcks) {
        long started = System.nanoTime();
        RequestDecisions.Intake intake = RequestDecisions.intake(request, message.getMessageProperties().getHeaders(),
                Boolean.TRUE.equals(message.getMessageProperties().getRedelivered()), maxDeliveries);
        if (intake instanceof RequestDecisions.DeadLetter deadLetter) {
            return deadLetter(message, span, deadLetter.reason(), null, started);
        }
        if (intake instanceof RequestDecisions.AnswerInvalid invalid) {
            LOG.info("Request answered INVALID_CONTENT: {}", LogValues.escape(invalid.reason()));
            answered(span, WorkerResponseStatus.INVALID_CONTENT, started);
            return orDeadLetter(publisher.respond(request, WorkerResponse.invalidContent(invalid.reason()), stop), message,
                    span, started);
        }
        if (intake instanceof RequestDecisions.RequeueCounted requeue) {
            LOG.warn("Request redelivered without having been answered ({} of at most {} such deliveries); queued again "
                    + "with its count", requeue.deliveries(), maxDeliveries);
            return orDeadLetter(publisher.requeueCounted(message, queue, requeue.deliveries(), stop), message, span, started);
        }
        return process(message, request, span, channel, channelAcks, started);
    }

    private CompletableFuture<Void> process(Message message, RequestContext request, RequestSpan span, Channel channel,
                                            DeliveryAcks channelAcks, long started) {
        if (sendRunning) {
            // Confirmed before the work starts, so that RUNNING never follows the final answer.
            ManagerPublisher.await(publisher.respond(request, WorkerResponse.running(), stop));
        }
        RequestBudget budget = inFlight.started(String.valueOf(request.requestId()));
        budget.onAbandoned(answer -> answerAbandoned(answer, budget, message, request, span, channel, channelAcks, started));
        Outcome outcome;
        try {
            outcome = processWithRetries(request, message, budget);
        } catch (RuntimeException e) {
            throw budget.claimAnswer() ? e : AnsweredElsewhere.INSTANCE;
        } finally {
            inFlight.finished(budget);
        }
        if (!budget.claimAnswer()) {
            throw AnsweredElsewhere.INSTANCE;
        }
        if (!channel.isOpen()) {
            // The shutdown timeout passed, or the connection broke: the broker redelivers this request, and answering
            // it now would give the manager two answers.
            throw new RequestAbandonedException("the channel closed while the request was processed; it will be redelivered");
        }
        return answer(outcome, message, request, span, started);
    }

    /**
     * Answers, on the watchdog's thread, a request whose route did not stop within the grace. The consumer's thread
     * stays with that route: its channel is closed once the answer is settled, so that the requests prefetched on it go
     * back to the queue, and the container starts a consumer in its place.
     */
    private void answerAbandoned(Outcome outcome, RequestBudget budget, Message message, RequestContext request,
                                 RequestSpan span, Channel channel, DeliveryAcks channelAcks, long started) {
        putLogContext(request);
        try {
            inFlight.finished(budget);
            if (!channel.isOpen()) {
                span.end(null);
                LOG.info("Request left unacknowledged for redelivery: its channel closed while the request was processed");
                return;
            }
            long deliveryTag = message.getMessageProperties().getDeliveryTag();
            answer(outcome, message, request, span, started).whenComplete((taken, failure) -> {
                span.end(failure);
                settle(channelAcks, deliveryTag, request.requestId(), failure);
                close(channel);
            });
        } finally {
            removeLogContext();
        }
    }

    private CompletableFuture<Void> answer(Outcome outcome, Message message, RequestContext request, RequestSpan span,
                                           long started) {
        if (outcome instanceof Outcome.Answer answer) {
            CompletableFuture<Void> published = orDeadLetter(publisher.respond(request, answer.response(), stop), message, span,
                    started);
            answered(span, answer.response().status(), started);
            // SUCCESS at DEBUG: at INFO this line was a third of the framework's CPU per request, and the metrics count
            // it. A refusal or an error is rarer and worth a line with its reason.
            if (answer.response().status() == WorkerResponseStatus.SUCCESS) {
                LOG.debug("Request answered SUCCESS");
            } else {
                LOG.info("Request answered {}: {}", answer.response().status(), LogValues.escape(answer.response().messages()));
            }
            return published;
        }
        Outcome.Failure failure = (Outcome.Failure) outcome;
        return deadLetter(message, span, stackTrace(failure.cause()), failure.cause(), started);
    }

    /** Closes a consumer channel for good (not back to a cache): its unacknowledged requests go back to the queue. */
    private static void close(Channel channel) {
        Channel target = channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel;
        try {
            target.abort();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Channel of an abandoned route not closed: {}", e.toString());
        }
    }

    private void answered(RequestSpan span, WorkerResponseStatus status, long started) {
        String outcome = status.name().toLowerCase(Locale.ROOT);
        metrics.answered(outcome, since(started));
        span.answered(outcome, status != WorkerResponseStatus.SUCCESS && status != WorkerResponseStatus.RUNNING);
    }

    /**
     * Processes the request, trying it again after an unexpected failure, all within one budget
     * ({@code worker.request-timeout}): a request whose budget is spent is answered ERROR naming the setting.
     */
    private Outcome processWithRetries(RequestContext request, Message message, RequestBudget budget) {
        for (int attempt = 1; ; attempt++) {
            Outcome outcome = processor.process(request, message, budget);
            if (!(outcome instanceof Outcome.Failure failure)) {
                return outcome;
            }
            RequestDecisions.AfterFailure next = RequestDecisions.afterFailure(attempt, failure.cause(), retry,
                    budget.remaining());
            if (next == RequestDecisions.AfterFailure.ABANDON) {
                throw RequestDecisions.abandonment(failure.cause());
            }
            if (next == RequestDecisions.AfterFailure.DEAD_LETTER) {
                return outcome;
            }
            if (next == RequestDecisions.AfterFailure.ANSWER_OUT_OF_TIME) {
                return new Outcome.Answer(WorkerResponse.error(budget.noTimeForAttempt(attempt + 1, failure.cause())));
            }
            Duration pause = retry.pauseAfter(attempt);
            LOG.warn("Attempt {} of {} failed unexpectedly ({}); trying again in {} ms",
                    attempt, retry.maxAttempts(), failure.cause().toString(), pause.toMillis());
            try {
                retry.pause("retry", pause, stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RequestAbandonedException("retry given up: the consumer was interrupted");
            }
        }
    }

    private CompletableFuture<Void> deadLetter(Message message, RequestSpan span, String reason, Throwable cause, long started) {
        CompletableFuture<Void> published = publisher.deadLetter(message, reason, span.trace(), stop);
        metrics.answered(RequestMetrics.DEAD_LETTER, since(started));
        span.answered(RequestMetrics.DEAD_LETTER, true);
        LOG.error("Request sent to the manager's DLQ: {}", LogValues.escape(firstLine(reason)), cause);
        return published;
    }

    /** An answer the broker can never take as it is (its headers exceed a frame) is replaced by a dead letter, which fits. */
    private CompletableFuture<Void> orDeadLetter(CompletableFuture<Void> answer, Message message, RequestSpan span, long started) {
        return answer.exceptionallyCompose(failure -> {
            PublishAbortedException aborted = ManagerPublisher.aborted(failure);
            return aborted instanceof PublicationRefusedException
                    ? deadLetter(message, span, "the answer could not be published: " + aborted.getMessage(), null, started)
                    : CompletableFuture.failedFuture(aborted);
        });
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static String stackTrace(Throwable cause) {
        StringWriter out = new StringWriter();
        cause.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** The consumer thread's route ended after the watchdog had answered its request: the thread does nothing more. */
    private static final class AnsweredElsewhere extends RuntimeException {

        static final AnsweredElsewhere INSTANCE = new AnsweredElsewhere();

        private AnsweredElsewhere() {
            super("answered by the watchdog", null, false, false);
        }
    }

    /** Sends the acknowledgement decisions of one consumer channel to it. */
    private record ChannelAcknowledger(Channel channel) implements DeliveryAcks.Acknowledger {

        static DeliveryAcks acksOf(Channel channel) {
            return new DeliveryAcks(new ChannelAcknowledger(channel));
        }

        @Override
        public void ack(long deliveryTag, boolean multiple) throws IOException {
            channel.basicAck(deliveryTag, multiple);
        }

        @Override
        public void requeue(long deliveryTag) throws IOException {
            channel.basicNack(deliveryTag, false, true);
        }

        @Override
        public void reject(long deliveryTag) throws IOException {
            channel.basicReject(deliveryTag, false);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }
    }
}
