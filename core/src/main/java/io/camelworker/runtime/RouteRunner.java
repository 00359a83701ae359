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

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the route of one request on the consumer's own thread, within the time the request has left
 * ({@code worker.request-timeout}): a watchdog interrupts the route once that time is spent, and the route has
 * {@code worker.interrupt-grace} to stop and remove what it created; it is then answered ERROR. A route that does not
 * stop is abandoned and counted as stuck: the watchdog answers ERROR for it ({@link RequestBudget#abandon}) while the
 * thread stays with the route until it ends, and the listener replaces that consumer.
 *
 * <p>Running the route where the request was delivered spares two thread hand-offs per request; the watchdog checks
 * the routes under way every {@value #WATCH_MILLIS} ms, whatever the request rate.
 *
 * <p>An abandoned route cannot answer or acknowledge anything: the answer is claimed once, by the watchdog or by the
 * consumer thread ({@link RequestBudget#claimAnswer()}), and the exchange is marked failed before the interruption, so
 * Camel runs none of the route's later steps. Nor can it change anything more: the request's {@link RequestCancellation}
 * (exchange property {@link RequestCancellation#PROPERTY}) is cancelled before the interruption, and steps check it
 * before each side effect.
 */
final class RouteRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RouteRunner.class);
    /** How often the watchdog looks at the routes under way: the timeout and the grace are enforced this late at most. */
    static final long WATCH_MILLIS = 100;
    private static final String WORKER_STOPPING = "the worker is stopping";

    private final ScheduledExecutorService watchdog;
    private final RequestsInFlight inFlight;
    private final Duration grace;
    private final Set<RunningRoute> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** @param watchdog a single-threaded scheduler for this runner alone; {@link #stop()} leaves it to its owner */
    RouteRunner(ScheduledExecutorService watchdog, RequestsInFlight inFlight, Duration grace) {
        this.watchdog = watchdog;
        this.inFlight = inFlight;
        this.grace = grace;
    }

    void start() {
        watchdog.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Interrupts the routes still under way (the worker stops, and their channels are closed: their requests go back to
     * the queue); no route runs after this.
     */
    void stop() {
        stopped = true;
        for (RunningRoute run : running) {
            run.stop(WORKER_STOPPING);
        }
    }

    /** Runs {@code route} on {@code exchange} within {@code budget}; an Error it raises is an unexpected failure. */
    Outcome run(Exchange exchange, RequestBudget budget, Callable<Outcome> route) {
        if (stopped) {
            throw new RequestAbandonedException("the worker is stopping; the request will be redelivered");
        }
        RequestCancellation cancellation = new RequestCancellation();
        exchange.setProperty(RequestCancellation.PROPERTY, cancellation);
        RunningRoute run = new RunningRoute(exchange, budget, cancellation);
        running.add(run);
        Outcome outcome;
        try {
            outcome = run.call(route);
        } finally {
            running.remove(run);
        }
        if (run.abandoned) {
            inFlight.stuckRouteEnded();
            LOG.warn("The abandoned route of this request ended at last");
            return run.abandonedAnswer();
        }
        if (WORKER_STOPPING.equals(run.stopReason)) {
            throw new RequestAbandonedException("the worker stopped while the request was processed; it will be redelivered");
        }
        if (run.stopReason != null) {
            LOG.warn("Request {} interrupted: {}", budget.requestId(), run.stopReason);
            return new Outcome.Answer(WorkerResponse.error(run.stopReason));
        }
        return outcome;
    }

    /** The watchdog's round: the slow warning, the interruption of spent routes, the abandonment of stuck ones. */
    private void watch() {
        for (RunningRoute run : running) {
            try {
                run.check();
            } catch (RuntimeException e) {
                // One request's trouble must not end the watch of the others (a failing scheduled task is not run again).
                LOG.error("Watch of request {} failed", run.budget.requestId(), e);
            }
        }
    }

    /** One run of a route, on its consumer thread; guards the thread so that an interruption never reaches the next request. */
    private final class RunningRoute {

        private final Exchange exchange;
        private final RequestBudget budget;
        private final RequestCancellation cancellation;
        private Thread runner;
        /** Why it was interrupted, null until it is; set once. */
        private volatile String stopReason;
        private long abandonAfterNanos;
        private volatile boolean abandoned;

        RunningRoute(Exchange exchange, RequestBudget budget, RequestCancellation cancellation) {
            this.exchange = exchange;
            this.budget = budget;
            this.cancellation = cancellation;
        }

        Outcome call(Callable<Outcome> route) {
            synchronized (this) {
                runner = Thread.currentThread();
            }
            try {
                return route.call();
            } catch (Throwable t) {
                // An Error of a step (OutOfMemoryError, StackOverflowError, LinkageError) is a failure of this
                // request: retried, then dead-lettered, instead of killing the consumer thread (and with it the JVM).
                return new Outcome.Failure(t);
            } finally {
                synchronized (this) {
                    runner = null;
                    // An interruption meant for this route only.
                    Thread.interrupted();
                }
            }
        }

        void check() {
            if (stopReason == null) {
                if (budget.isSpent()) {
                    stop(budget.exceededMessage());
                } else {
                    budget.warnIfSlow();
                }
            } else if (!abandoned && System.nanoTime() - abandonAfterNanos >= 0 && abandon()) {
                LOG.error("Request {}: {}; its route did not stop within worker.interrupt-grace={} and its thread is "
                        + "abandoned ({} stuck)", budget.requestId(), stopReason, grace, inFlight.stuck());
                budget.abandon(abandonedAnswer());
            }
        }

        /**
         * Cancels the request (its steps do no more side effects), fails its exchange and interrupts the route, which
         * has the grace to end.
         */
        synchronized void stop(String reason) {
            if (stopReason != null || runner == null) {
                return;
            }
            abandonAfterNanos = System.nanoTime() + grace.toNanos();
            stopReason = reason;
            cancellation.cancel(reason);
            exchange.setException(new ProcessingErrorException(reason));
            runner.interrupt();
        }

        /** Counts the run as stuck unless it has ended meanwhile; answers whether it was abandoned. */
        private synchronized boolean abandon() {
            if (runner == null) {
                return false;
            }
            abandoned = true;
            inFlight.stuckRouteAbandoned();
            return true;
        }

        Outcome abandonedAnswer() {
            return new Outcome.Answer(WorkerResponse.error(stopReason + "; the route did not stop within "
                    + "worker.interrupt-grace=" + grace + " and was abandoned"));
        }
    }
}
