package io.camelworker.runtime;

import io.camelworker.outcome.Outcome;
import io.camelworker.outcome.RequestAbandonedException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.protocol.WorkerResponse;
import io.camelworker.protocol.WorkerResponseStatus;
import io.camelworker.transport.RequestBudget;
import io.camelworker.transport.RequestsInFlight;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** The route of a request runs on its consumer's thread, and the watchdog holds it to the request's budget. */
class RouteRunnerTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration GRACE = Duration.ofMillis(300);
    private static CamelContext camel;

    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final RequestsInFlight inFlight = new RequestsInFlight("test-worker", 1, TIMEOUT, 0.5);
    private final RouteRunner runner = new RouteRunner(watchdog, inFlight, GRACE);

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    @AfterEach
    void stopWatchdog() {
        runner.stop();
        watchdog.shutdownNow();
    }

    @Test
    void routeRunsOnTheConsumerThread() {
        runner.start();
        AtomicReference<Thread> routeThread = new AtomicReference<>();
        Outcome success = new Outcome.Answer(WorkerResponse.success(new byte[0], Map.of()));

        Outcome outcome = runner.run(exchange(), inFlight.started("r1"), () -> {
            routeThread.set(Thread.currentThread());
            return success;
        });

        assertThat(outcome).isSameAs(success);
        assertThat(routeThread.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void routeOutlivingTheBudgetIsCancelledInterruptedAndAnsweredErrorNamingTheSetting() {
        runner.start();
        Exchange exchange = exchange();
        RequestBudget budget = inFlight.started("r2");

        Outcome outcome = runner.run(exchange, budget, () -> {
            Thread.sleep(60_000);
            return null;
        });

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Answer.class, answer -> {
            assertThat(answer.response().status()).isEqualTo(WorkerResponseStatus.ERROR);
            assertThat(answer.response().messages()).singleElement().asString().contains("worker.request-timeout=PT0.3S");
        });
        assertThat(exchange.getProperty(RequestCancellation.PROPERTY, RequestCancellation.class).isCancelled()).isTrue();
        assertThat(exchange.getException()).isNotNull();
        assertThat(inFlight.stuck()).isZero();
        // The interruption was meant for the route alone: the consumer thread takes its next request uninterrupted.
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(budget.claimAnswer()).isTrue();
    }

    @Test
    void routeIgnoringInterruptionIsAbandonedAndAnsweredOnceByTheWatchdog() throws Exception {
        runner.start();
        RequestBudget budget = inFlight.started("r3");
        CompletableFuture<Outcome> watchdogAnswer = new CompletableFuture<>();
        budget.onAbandoned(watchdogAnswer::complete);
        CountDownLatch release = new CountDownLatch(1);
        // The route swallows interruptions, as a read from a hung mount would: it ends only once released.
        CompletableFuture<Outcome> consumerSide = CompletableFuture.supplyAsync(() -> runner.run(exchange(), budget, () -> {
            while (true) {
                try {
                    if (release.await(60, TimeUnit.SECONDS)) {
                        return null;
                    }
                } catch (InterruptedException ignored) {
                    // stubborn
                }
            }
        }));
        await().atMost(Duration.ofSeconds(10)).until(watchdogAnswer::isDone);

        assertThat(((Outcome.Answer) watchdogAnswer.get()).response().messages()).singleElement().asString()
                .contains("did not stop within worker.interrupt-grace=PT0.3S and was abandoned");
        assertThat(inFlight.stuck()).isEqualTo(1);
        assertThat(consumerSide).isNotDone();

        release.countDown();
        consumerSide.get(10, TimeUnit.SECONDS);

        assertThat(inFlight.stuck()).isZero();
        // The watchdog claimed the answer: the consumer thread, back from the route at last, gives none.
        assertThat(budget.claimAnswer()).isFalse();
    }

    @Test
    void noRouteRunsOnceTheRunnerStopped() {
        runner.start();
        runner.stop();

        assertThat(catchThrowable(() -> runner.run(exchange(), inFlight.started("r4"), () -> null)))
                .isInstanceOf(RequestAbandonedException.class);
    }

    private static Exchange exchange() {
        return new DefaultExchange(camel);
    }
}
