package io.camelworker.runtime;

import io.camelworker.outcome.Outcome;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.RequestAbandonedException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.protocol.WorkerResponse;
import io.camelworker.transport.RequestBudget;
import io.camelworker.transport.RequestsInFlight;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the route of one request on a thread of Camel's while the consumer thread waits, at most for the time the
 * request has left ({@code worker.request-timeout}). Past it the route is interrupted and has
 * {@code worker.interrupt-grace} to stop and remove what it created; a route that does not stop is abandoned and
 * counted as stuck. Either way the consumer answers ERROR and takes the next request.
 *
 * <p>An abandoned route cannot answer or acknowledge anything: answers and acks are the consumer thread's, which has
 * moved on, and the exchange is marked failed before the interruption, so Camel runs none of the route's later steps.
 * Nor can it change anything more: the request's {@link RequestCancellation} (exchange property
 * {@link RequestCancellation#PROPERTY}) is cancelled before the interruption, and steps check it before each side
 * effect.
 */
final class RouteRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RouteRunner.class);
    private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ExecutorService threads;
    private final RequestsInFlight inFlight;
    private final Duration grace;

    RouteRunner(ExecutorService threads, RequestsInFlight inFlight, Duration grace) {
        this.threads = threads;
        this.inFlight = inFlight;
        this.grace = grace;
    }

    /** Runs {@code route} on {@code exchange} within {@code budget}; an Error it raises is an unexpected failure. */
    Outcome run(Exchange exchange, RequestBudget budget, Callable<Outcome> route) {
        RequestCancellation cancellation = new RequestCancellation();
        exchange.setProperty(RequestCancellation.PROPERTY, cancellation);
        RunningRoute running = new RunningRoute(route, MDC.getCopyOfContextMap(), cancellation);
        Future<Outcome> result;
        try {
            result = threads.submit(running);
        } catch (RejectedExecutionException e) {
            throw new RequestAbandonedException("the worker is stopping; the request will be redelivered");
        }
        try {
            while (!budget.isSpent()) {
                try {
                    return result.get(Math.max(budget.nextCheck().toNanos(), MIN_WAIT_NANOS), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    budget.warnIfSlow();
                }
            }
        } catch (ExecutionException e) {
            return new Outcome.Failure(e.getCause());
        } catch (InterruptedException e) {
            // The listener container interrupts its consumers when the worker stops: the request stays unacknowledged.
            stop(running, exchange, "the worker is stopping");
            Thread.currentThread().interrupt();
            throw new RequestAbandonedException("the worker stopped while the request was processed; it will be redelivered");
        }
        String reason = budget.exceededMessage();
        if (stop(running, exchange, reason)) {
            LOG.warn("Request {} interrupted: {}", budget.requestId(), reason);
            return new Outcome.Answer(WorkerResponse.error(reason));
        }
        LOG.error("Request {}: {}; its route did not stop within worker.interrupt-grace={} and its thread is abandoned "
                + "({} stuck)", budget.requestId(), reason, grace, inFlight.stuck());
        return new Outcome.Answer(WorkerResponse.error(reason + "; the route did not stop within worker.interrupt-grace="
                + grace + " and was abandoned"));
    }

    /**
     * Cancels the request (its steps do no more side effects), interrupts the route and waits the grace for it to end;
     * answers whether it did, or else counts it as stuck.
     */
    private boolean stop(RunningRoute running, Exchange exchange, String reason) {
        running.cancellation.cancel(reason);
        exchange.setException(new ProcessingErrorException(reason));
        running.interrupt();
        boolean ended;
        try {
            ended = running.ended.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = running.ended.getCount() == 0;
        }
        return ended || !running.abandon();
    }

    /** A request's route on a pool thread; guards its thread so that an interruption never reaches the next task. */
    private final class RunningRoute implements Callable<Outcome> {

        private final Callable<Outcome> route;
        private final Map<String, String> logContext;
        private final CountDownLatch ended = new CountDownLatch(1);
        private final RequestCancellation cancellation;
        private Thread runner;
        private boolean stopped;
        private boolean abandoned;

        RunningRoute(Callable<Outcome> route, Map<String, String> logContext, RequestCancellation cancellation) {
            this.route = route;
            this.logContext = logContext;
            this.cancellation = cancellation;
        }

        @Override
        public Outcome call() {
            synchronized (this) {
                if (stopped) {
                    ended.countDown();
                    return null;
                }
                runner = Thread.currentThread();
            }
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                return route.call();
            } catch (Throwable t) {
                // An Error of a step (OutOfMemoryError, StackOverflowError, LinkageError) is a failure of this
                // request: retried, then dead-lettered, instead of killing the consumer thread (and with it the JVM).
                return new Outcome.Failure(t);
            } finally {
                boolean wasAbandoned;
                synchronized (this) {
                    runner = null;
                    Thread.interrupted();
                    wasAbandoned = abandoned;
                }
                ended.countDown();
                if (wasAbandoned) {
                    inFlight.stuckRouteEnded();
                    LOG.warn("The abandoned route of this request ended at last");
                }
                MDC.clear();
            }
        }

        synchronized void interrupt() {
            stopped = true;
            if (runner != null) {
                runner.interrupt();
            }
        }

        /** Counts the route as stuck unless it has ended meanwhile; answers whether it was abandoned. */
        synchronized boolean abandon() {
            if (runner == null) {
                return false;
            }
            abandoned = true;
            inFlight.stuckRouteAbandoned();
            return true;
        }
    }
}
