package io.camelworker.transport;

import com.rabbitmq.client.Channel;
import io.camelworker.config.WorkerProperties;
import io.camelworker.outcome.Outcome;
import io.camelworker.protocol.RequestContext;
import io.camelworker.protocol.WorkerResponse;
import io.camelworker.protocol.WorkerResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Consumes the requests of one worker type with manual acknowledgement: a request is acknowledged only once its answer
 * (response or dead letter) has been confirmed by the broker, so a process that dies at any instant loses nothing.
 *
 * <ul>
 *   <li>A request without {@code regards.tenant} or {@code regards.request.id} cannot be answered: it is dead-lettered.</li>
 *   <li>A redelivered request (its previous consumer died or stopped) is put back at the end of the queue with a count
 *       of its unanswered deliveries, since classic queues keep none; past {@code worker.retry.max-deliveries} it is dead-lettered.
 *       This is what stops a request that kills the process every time from looping for ever.</li>
 *   <li>An unexpected failure is retried in this process with backoff, then the request is dead-lettered with its
 *       stack trace in {@code x-exception-stacktrace}.</li>
 * </ul>
 */
public class RequestListener implements ChannelAwareMessageListener {

    /** MDC keys set while a request is processed, for the log pattern. */
    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_TENANT = "tenant";
    public static final String MDC_WORKER_TYPE = "workerType";

    private static final Logger LOG = LoggerFactory.getLogger(RequestListener.class);

    private final String workerType;
    private final String queue;
    private final RequestProcessor processor;
    private final ManagerPublisher publisher;
    private final RequestMetrics metrics;
    private final RequestsInFlight inFlight;
    private final WorkerProperties.Retry retry;
    private final boolean sendRunning;
    private final StopSignal stop;

    public RequestListener(String workerType, RequestProcessor processor, ManagerPublisher publisher, RequestMetrics metrics,
                           RequestsInFlight inFlight, WorkerProperties.Retry retry, boolean sendRunning, StopSignal stop) {
        this.workerType = workerType;
        this.queue = publisher.topology().requestQueue(workerType);
        this.processor = processor;
        this.publisher = publisher;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.retry = retry;
        this.sendRunning = sendRunning;
        this.stop = stop;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long deliveryTag = message.getMessageProperties().getDeliveryTag();
        RequestContext request = RequestContext.from(message.getMessageProperties().getHeaders());
        MDC.put(MDC_WORKER_TYPE, workerType);
        MDC.put(MDC_REQUEST_ID, String.valueOf(request.requestId()));
        MDC.put(MDC_TENANT, String.valueOf(request.tenant()));
        try {
            handle(message, request, channel);
            channel.basicAck(deliveryTag, false);
        } catch (PublishAbortedException e) {
            LOG.info("Request left unacknowledged for redelivery: {}", e.getMessage());
            if (channel.isOpen()) {
                channel.basicNack(deliveryTag, false, true);
            }
        } finally {
            MDC.remove(MDC_WORKER_TYPE);
            MDC.remove(MDC_REQUEST_ID);
            MDC.remove(MDC_TENANT);
        }
    }

    private void handle(Message message, RequestContext request, Channel channel) {
        long started = System.nanoTime();
        String missing = request.missingRequiredHeader();
        if (missing != null) {
            deadLetter(message, "request has no header " + missing + ": the manager cannot be answered", null, started);
            return;
        }
        if (Boolean.TRUE.equals(message.getMessageProperties().getRedelivered())) {
            countRedelivery(message, started);
            return;
        }
        if (sendRunning) {
            publisher.respond(request, WorkerResponse.running(), stop);
        }
        Outcome outcome = processWithRetries(request, message);
        if (!channel.isOpen()) {
            // The shutdown timeout passed, or the connection broke: the broker redelivers this request, and answering
            // it now would give the manager two answers.
            throw new PublishAbortedException("the channel closed while the request was processed; it will be redelivered");
        }
        if (outcome instanceof Outcome.Answer answer) {
            publisher.respond(request, answer.response(), stop);
            metrics.answered(answer.response().status().name().toLowerCase(Locale.ROOT), since(started));
            // SUCCESS at DEBUG: at INFO this line was a third of the framework's CPU per request, and the metrics count
            // it. A refusal or an error is rarer and worth a line with its reason.
            if (answer.response().status() == WorkerResponseStatus.SUCCESS) {
                LOG.debug("Request answered SUCCESS");
            } else {
                LOG.info("Request answered {}: {}", answer.response().status(), answer.response().messages());
            }
        } else if (outcome instanceof Outcome.Failure failure) {
            deadLetter(message, stackTrace(failure.cause()), failure.cause(), started);
        }
    }

    /**
     * Processes the request, trying it again after an unexpected failure, all within one budget
     * ({@code worker.request-timeout}): a request whose budget is spent is answered ERROR naming the setting.
     */
    private Outcome processWithRetries(RequestContext request, Message message) {
        RequestBudget budget = inFlight.started(String.valueOf(request.requestId()));
        try {
            for (int attempt = 1; ; attempt++) {
                Outcome outcome = processor.process(request, message, budget);
                if (!(outcome instanceof Outcome.Failure failure) || attempt >= retry.getMaxAttempts()) {
                    return outcome;
                }
                Duration pause = retry.backoff(attempt);
                if (budget.remaining().compareTo(pause) <= 0) {
                    return new Outcome.Answer(WorkerResponse.error(budget.noTimeForAttempt(attempt + 1, failure.cause())));
                }
                LOG.warn("Attempt {} of {} failed unexpectedly ({}); trying again in {} ms",
                        attempt, retry.getMaxAttempts(), failure.cause().toString(), pause.toMillis());
                if (stop.awaitFor(pause)) {
                    throw new PublishAbortedException("retry given up: the worker is stopping");
                }
            }
        } finally {
            inFlight.finished(budget);
        }
    }

    /** Turns a broker redelivery into a counted copy of the request, or dead-letters it when it has been delivered too often. */
    private void countRedelivery(Message message, long started) {
        Object previous = message.getMessageProperties().getHeaders().get(ManagerPublisher.DELIVERIES_HEADER);
        int deliveries = (previous instanceof Number n ? n.intValue() : 0) + 1;
        if (deliveries >= retry.getMaxDeliveries()) {
            deadLetter(message, "request delivered " + deliveries + " times without being answered: the worker process "
                    + "stopped or crashed each time it processed it, or the job outlasted the broker's consumer_timeout "
                    + "(limit worker.retry.max-deliveries=" + retry.getMaxDeliveries() + ")",
                    null, started);
            return;
        }
        LOG.warn("Request redelivered without having been answered ({} of at most {} such deliveries); queued again with its count",
                deliveries, retry.getMaxDeliveries());
        publisher.requeueCounted(message, queue, deliveries, stop);
    }

    private void deadLetter(Message message, String reason, Throwable cause, long started) {
        publisher.deadLetter(message, reason, stop);
        metrics.answered(RequestMetrics.DEAD_LETTER, since(started));
        LOG.error("Request sent to the manager's DLQ: {}", firstLine(reason), cause);
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
}
