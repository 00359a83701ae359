package io.camelworker;

import io.camelworker.config.StuckRequestsHealthIndicator;
import io.camelworker.testing.FakeWorkerManager;
import io.camelworker.transport.RequestActivity;
import io.camelworker.transport.RequestsInFlight;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The budget of one request ({@code worker.request-timeout}) and the containment of Errors, against the real broker:
 * a request past its budget is answered ERROR naming the setting, its steps are interrupted and remove what they
 * created, a route that ignores interruption is abandoned as stuck, an Error of a step is a failure of that request,
 * and the same consumer (concurrency 1) answers the request queued behind each of them.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ExtendWith(OutputCaptureExtension.class)
class RequestBudgetIT {

    static final String TYPE = FakeWorkerManager.uniqueType("budget-worker");
    static final int MAX_ATTEMPTS = 2;
    static FakeWorkerManager manager;

    @TempDir
    static Path scratch;

    /** Set by the steps, read by the tests. */
    static final AtomicBoolean sleepInterrupted = new AtomicBoolean();
    static final AtomicReference<Path> tempFileWritten = new AtomicReference<>();
    static final CountDownLatch releaseStubborn = new CountDownLatch(1);
    static final AtomicInteger stubbornInterruptions = new AtomicInteger();
    static final AtomicInteger outOfMemoryAttempts = new AtomicInteger();
    static final AtomicInteger slowFailureAttempts = new AtomicInteger();

    @Autowired
    RequestActivity activity;
    @Autowired
    StuckRequestsHealthIndicator stuckHealth;

    @BeforeAll
    static void startManager() {
        manager = new FakeWorkerManager(TYPE);
    }

    @AfterAll
    static void closeManager() {
        releaseStubborn.countDown();
        manager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "classpath:test-routes/budget.camel.yaml");
        registry.add("test.budget.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.concurrency", () -> "1");
        registry.add("worker.request-timeout", () -> "2s");
        registry.add("worker.interrupt-grace", () -> "1s");
        registry.add("worker.retry.max-attempts", () -> String.valueOf(MAX_ATTEMPTS));
        registry.add("worker.retry.initial-interval", () -> "50ms");
    }

    @TestConfiguration
    static class Steps {

        /** Sleeps far past the budget, honouring interruption. */
        @Bean
        Processor sleepingStep() {
            return exchange -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    sleepInterrupted.set(true);
                    throw e;
                }
            };
        }

        /** Fails unexpectedly after 1.2 s: two attempts do not fit in the 2 s budget. */
        @Bean
        Processor slowFailingStep() {
            return exchange -> {
                slowFailureAttempts.incrementAndGet();
                Thread.sleep(1200);
                throw new IllegalStateException("slow failure");
            };
        }

        /** Writes a file, lets the unit of work remove it if the request fails, then outlives the budget. */
        @Bean
        Processor tempFileStep() {
            return (Exchange exchange) -> {
                Path file = Files.writeString(Files.createTempFile(scratch, "partial", ".tmp"), "partial output");
                exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                    @Override
                    public void onFailure(Exchange failed) {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                tempFileWritten.set(file);
                Thread.sleep(60_000);
            };
        }

        /** Ignores interruption until the test releases it, as a call blocked in an uninterruptible read would. */
        @Bean
        Processor stubbornStep() {
            return exchange -> {
                while (true) {
                    try {
                        if (releaseStubborn.await(60, TimeUnit.SECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        stubbornInterruptions.incrementAndGet();
                    }
                }
            };
        }

        /** A real OutOfMemoryError of the JVM (an array larger than it allows), without filling the heap. */
        @Bean
        Processor outOfMemoryStep() {
            return exchange -> {
                outOfMemoryAttempts.incrementAndGet();
                exchange.getMessage().setBody(new long[Integer.MAX_VALUE]);
            };
        }

        /** Recurses until the route thread's stack overflows. */
        @Bean
        Processor stackOverflowStep() {
            return exchange -> exchange.getMessage().setBody(depth(0));
        }

        private static int depth(int level) {
            return depth(level + 1) + 1;
        }
    }

    @Test
    void requestOutlivingTheTimeoutIsAnsweredErrorNamingTheSettingAndTheSameWorkerAnswersTheNextOne(CapturedOutput output) {
        String slow = manager.submit("sleep");
        String next = manager.submit("hello");

        FakeWorkerManager.Response answer = manager.awaitAnswer(slow);

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString().contains("worker.request-timeout=PT2S");
        assertThat(sleepInterrupted).isTrue();
        assertThat(manager.awaitAnswer(next).contentText()).isEqualTo("done:hello");
        // Logged once when half the budget was used, with the request id.
        assertThat(output.getAll().split("Request " + slow + " has been processed for", -1)).hasSize(2);
    }

    @Test
    void theBudgetSpansEveryAttemptOfARequest() {
        String id = manager.submit("slow-failure");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString().contains("worker.request-timeout=PT2S");
        assertThat(slowFailureAttempts).hasValue(MAX_ATTEMPTS);
        assertThat(manager.deadLetters(id)).isEmpty();
    }

    @Test
    void camelDelayPastTheTimeoutIsInterruptedLikeAnyStep() {
        String id = manager.submit("delay");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString().contains("worker.request-timeout=PT2S")
                .doesNotContain("abandoned");
        assertThat(requestsOfThisType().stuck()).isZero();
    }

    @Test
    void interruptedStepLeavesNothingOfWhatItWrote() throws IOException {
        String id = manager.submit("temp-file");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(tempFileWritten.get()).as("the step wrote its file before it was interrupted").isNotNull();
        try (Stream<Path> left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void routeIgnoringInterruptionIsAbandonedAndDoesNotHoldTheQueue() {
        String stuck = manager.submit("stubborn");
        String next = manager.submit("hello");

        FakeWorkerManager.Response answer = manager.awaitAnswer(stuck);

        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString()
                .contains("worker.request-timeout=PT2S", "did not stop within worker.interrupt-grace=PT1S");
        assertThat(manager.awaitAnswer(next).contentText()).isEqualTo("done:hello");
        assertThat(stubbornInterruptions).hasPositiveValue();
        assertThat(requestsOfThisType().stuck()).isEqualTo(1);
        assertThat(stuckHealth.health().getStatus()).isEqualTo(Status.DOWN);

        releaseStubborn.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> requestsOfThisType().stuck() == 0);
        assertThat(stuckHealth.health().getStatus()).isEqualTo(Status.UP);
        // The abandoned route ended without answering: its exchange was failed before it was interrupted.
        assertThat(manager.answers(stuck)).hasSize(1);
    }

    @Test
    void outOfMemoryErrorOfAStepIsRetriedThenDeadLetteredAndTheConsumerSurvives() {
        String failing = manager.submit("out-of-memory");
        String next = manager.submit("hello");

        FakeWorkerManager.DeadLetter deadLetter = manager.awaitDeadLetter(failing, Duration.ofSeconds(30));

        assertThat(deadLetter.stacktrace()).startsWith("java.lang.OutOfMemoryError");
        assertThat(outOfMemoryAttempts).hasValue(MAX_ATTEMPTS);
        assertThat(manager.answers(failing)).isEmpty();
        assertThat(manager.awaitAnswer(next).contentText()).isEqualTo("done:hello");
    }

    @Test
    void stackOverflowOfAStepIsDeadLetteredOnceAndTheConsumerSurvives() {
        String failing = manager.submit("stack-overflow");
        String next = manager.submit("hello");

        FakeWorkerManager.DeadLetter deadLetter = manager.awaitDeadLetter(failing, Duration.ofSeconds(30));

        assertThat(deadLetter.stacktrace()).startsWith("java.lang.StackOverflowError");
        assertThat(manager.awaitAnswer(next).contentText()).isEqualTo("done:hello");
        assertThat(manager.deadLetters(failing)).hasSize(1);
    }

    private RequestsInFlight requestsOfThisType() {
        return activity.types().stream().filter(t -> t.workerType().equals(TYPE)).findFirst().orElseThrow();
    }
}
