package io.camelworker.retry;

import io.camelworker.outcome.RequestAbandonedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry policy's decisions, with a recording sleeper instead of real pauses. */
class RetryPolicyTest {

    final List<Duration> pauses = new ArrayList<>();
    final StopSignal stop = new StopSignal();
    final Backoff backoff = new Backoff(4, Duration.ofMillis(100), 2.0, Duration.ofMillis(300));
    final RetryPolicy policy = new RetryPolicy(backoff, (signal, pause) -> {
        pauses.add(pause);
        return signal.isRaised();
    });

    @AfterEach
    void clearInterruption() {
        Thread.interrupted();
    }

    @Test
    void aTransientFailureIsTriedAgainAfterTheBackoffAndTheFirstAnswerIsReturned() throws Exception {
        List<Integer> attempts = new ArrayList<>();

        String answer = policy.call("reading x", stop, number -> {
            attempts.add(number);
            if (number < 3) {
                throw new IOException("connection refused");
            }
            return "content";
        }, (attempt, failure, pause) -> { });

        assertThat(answer).isEqualTo("content");
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void theLastTransientFailureIsThrownOnceTheAttemptsAreSpentWithPausesBoundedByMaxInterval() {
        List<String> logged = new ArrayList<>();

        assertThatThrownBy(() -> policy.call("reading x", stop, number -> {
            throw new IOException("failure " + number);
        }, (attempt, failure, pause) -> logged.add(attempt + ": " + failure.getMessage() + " then " + pause.toMillis())))
                .isInstanceOf(IOException.class).hasMessage("failure 4");

        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(logged).containsExactly("1: failure 1 then 100", "2: failure 2 then 200", "3: failure 3 then 300");
    }

    @Test
    void aFailureThatIsNotAnIOExceptionEndsTheRetriesAtOnce() {
        assertThatThrownBy(() -> policy.call("reading x", stop, number -> {
            throw new IllegalStateException("refused for good");
        }, (attempt, failure, pause) -> { })).isInstanceOf(IllegalStateException.class);

        assertThat(pauses).isEmpty();
    }

    @Test
    void aStopRaisedDuringAPauseAbandonsTheRequest() {
        List<Integer> attempts = new ArrayList<>();

        assertThatThrownBy(() -> policy.call("reading x", stop, number -> {
            attempts.add(number);
            stop.raise();
            throw new IOException("connection refused");
        }, (attempt, failure, pause) -> { }))
                .isInstanceOf(RequestAbandonedException.class).hasMessage("reading x given up: the worker is stopping");

        assertThat(attempts).containsExactly(1);
    }

    @Test
    void anInterruptionEndsTheRetriesAtOnceWithAnInterruptedIOException() {
        List<Integer> attempts = new ArrayList<>();

        assertThatThrownBy(() -> policy.call("reading x", stop, number -> {
            attempts.add(number);
            Thread.currentThread().interrupt();
            throw new IOException("closed by interrupt");
        }, (attempt, failure, pause) -> { })).isInstanceOf(InterruptedIOException.class).hasMessage("reading x: interrupted");

        assertThat(attempts).containsExactly(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void anInterruptedPauseEndsTheRetriesWithAnInterruptedIOException() {
        RetryPolicy interrupted = new RetryPolicy(backoff, (signal, pause) -> {
            throw new InterruptedException();
        });

        assertThatThrownBy(() -> interrupted.call("reading x", stop, number -> {
            throw new IOException("connection refused");
        }, (attempt, failure, pause) -> { })).isInstanceOf(InterruptedIOException.class);
    }

    @Test
    void anInterruptedIOExceptionOfTheAttemptIsNotRetried() {
        assertThatThrownBy(() -> policy.call("reading x", stop, number -> {
            throw new InterruptedIOException("read interrupted");
        }, (attempt, failure, pause) -> { })).isInstanceOf(InterruptedIOException.class).hasMessage("read interrupted");

        assertThat(pauses).isEmpty();
    }

    @Test
    void aPauseIsSkippedAndTheRequestAbandonedWhenTheWorkerAlreadyStops() {
        stop.raise();

        assertThatThrownBy(() -> policy.pause("publication", Duration.ofMillis(100), stop))
                .isInstanceOf(RequestAbandonedException.class);
        assertThat(pauses).isEmpty();
    }

    @Test
    void oneAttemptMeansNoRetry() {
        RetryPolicy once = new RetryPolicy(new Backoff(1, Duration.ofMillis(100), 2.0, Duration.ofMillis(300)),
                (signal, pause) -> false);

        assertThat(once.allowsAttemptAfter(1)).isFalse();
        assertThat(policy.allowsAttemptAfter(3)).isTrue();
        assertThat(policy.allowsAttemptAfter(4)).isFalse();
    }

    @Test
    void theRealPauseEndsAsSoonAsTheStopIsRaised() {
        RetryPolicy real = new RetryPolicy(new Backoff(2, Duration.ofHours(1), 2.0, Duration.ofHours(1)));
        stop.raise();

        assertThatThrownBy(() -> real.pause("publication", real.pauseAfter(1), stop))
                .isInstanceOf(RequestAbandonedException.class);
    }

    @Test
    void theAsynchronousPauseCompletesWhenTheStopIsRaised() {
        RetryPolicy real = new RetryPolicy(new Backoff(2, Duration.ofHours(1), 2.0, Duration.ofHours(1)));
        var paused = real.pauseAsync(1, stop);
        assertThat(paused).isNotDone();

        stop.raise();

        assertThat(paused).succeedsWithin(Duration.ofMinutes(1));
    }
}
