package io.camelworker.steps.files;

import io.camelworker.outcome.RequestCancellation;
import io.camelworker.storage.FileDeleter;
import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delete-files request answered ERROR because its time ran out deletes nothing after that answer, even when a
 * deletion under way ignores the interruption and its route is abandoned: the worker cancels the request before it
 * answers, and the step checks that before each deletion.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class NothingDeletedAfterTheAnswerIT {

    static final String TYPE = FakeWorkerManager.uniqueType("delete-after-answer");
    /** How long the slow deletion lasts, whatever interrupts it: far past the request's time and grace. */
    static final Duration SLOW_DELETION = Duration.ofSeconds(5);
    static final CountDownLatch SLOW_DELETION_STARTED = new CountDownLatch(1);
    static final CountDownLatch SLOW_DELETION_ENDED = new CountDownLatch(1);

    static FakeWorkerManager manager;

    @TempDir
    static Path root;

    @BeforeAll
    static void startManager() {
        manager = new FakeWorkerManager(TYPE);
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/delete-files-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.files.allowed-roots", () -> root.toString());
        registry.add("worker.request-timeout", () -> "1s");
        registry.add("worker.interrupt-grace", () -> "200ms");
    }

    @TestConfiguration
    static class SlowStorage {

        /** Deletes {@code slow:} URLs in {@link #SLOW_DELETION}, deaf to interruption, as a hung storage client may. */
        @Bean
        FileDeleter slowDeleter() {
            return new FileDeleter() {
                @Override
                public boolean supports(URI url) {
                    return "slow".equals(url.getScheme());
                }

                @Override
                public String check(String field, URI url) {
                    return null;
                }

                @Override
                public boolean delete(String field, URI url, RequestCancellation cancellation) {
                    SLOW_DELETION_STARTED.countDown();
                    long end = System.nanoTime() + SLOW_DELETION.toNanos();
                    for (long left; (left = end - System.nanoTime()) > 0; ) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(left);
                        } catch (InterruptedException e) {
                            // deaf to it, and the flag is not set again: only the cancellation can stop the step
                        }
                    }
                    SLOW_DELETION_ENDED.countDown();
                    return true;
                }
            };
        }
    }

    @Test
    void aRequestAnsweredErrorByItsTimeoutDeletesNothingAfterTheAnswer() throws Exception {
        Path a = Files.writeString(root.resolve("a.dat"), "a");
        Path b = Files.writeString(root.resolve("b.dat"), "b");

        String id = manager.submit("{\"urls\":[\"slow://storage/x\",\"file://" + a + "\",\"file://" + b + "\"]}");
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(SLOW_DELETION_STARTED.getCount()).isZero();
        assertThat(answer.status()).isEqualTo("ERROR");
        assertThat(answer.messages()).singleElement().asString().contains("worker.request-timeout", "abandoned");
        assertThat(SLOW_DELETION_ENDED.await(30, TimeUnit.SECONDS)).isTrue();
        // The abandoned route goes on once the slow deletion returns: the files after it stay.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(a) && Files.exists(b));
        assertThat(manager.answers(id)).hasSize(1);
    }
}
