package io.camelworker.sandbox;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.sandbox.TestTasks.Marker;
import io.camelworker.sandbox.TestTasks.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The sandbox runs tasks in real child JVMs, and survives every way a parse can go wrong in them. */
class SandboxPoolIT {

    @TempDir
    Path dir;

    private final SandboxPool sandbox = new SandboxPool(properties(Duration.ofSeconds(20)));

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void aTaskAnswersFromAChildProcessStartedOnFirstUse() throws Exception {
        assertThat(sandbox.processIds()).as("nothing is started before the first parse").isEmpty();

        Text answer = sandbox.run(TestTasks.Upper.class, new Text("tiff"), "files[0] 'a.tif'");

        assertThat(answer.value()).startsWith("TIFF@");
        long child = Long.parseLong(answer.value().substring(5));
        assertThat(child).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(sandbox.processIds()).containsExactly(child);
        assertThat(sandbox.run(TestTasks.Upper.class, new Text("again"), "x").value())
                .as("the process is kept warm for the next parse").isEqualTo("AGAIN@" + child);
    }

    @Test
    void aTaskThatOutgrowsTheHeapIsInvalidContentNamingTheLimitAndTheNextCallWorks() throws Exception {
        assertThatThrownBy(() -> sandbox.run(TestTasks.Allocate.class, new Text("x"), "files[0] 'bomb.psd'"))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("files[0] 'bomb.psd': parsing it needed more than the sandbox's heap (worker.sandbox.heap=32MB)");

        assertThat(sandbox.run(TestTasks.Upper.class, new Text("next"), "x").value()).startsWith("NEXT@");
    }

    @Test
    void aTaskThatHangsIsAnErrorAfterTheTimeoutAndItsProcessIsKilled() throws Exception {
        SandboxPool quick = new SandboxPool(properties(Duration.ofSeconds(2)));
        try {
            Path marker = dir.resolve("pid");

            assertThatThrownBy(() -> quick.run(TestTasks.Hang.class, new Marker(marker.toString()), "archive 'a.tar'"))
                    .isInstanceOf(ProcessingErrorException.class)
                    .hasMessageContaining("archive 'a.tar'")
                    .hasMessageContaining("worker.sandbox.timeout=2s");

            assertThat(ProcessHandle.of(Long.parseLong(Files.readString(marker))).map(ProcessHandle::isAlive))
                    .as("the hung process is gone when the answer is given").isEmpty();
            assertThat(quick.run(TestTasks.Upper.class, new Text("next"), "x").value()).startsWith("NEXT@");
        } finally {
            quick.close();
        }
    }

    @Test
    void anInterruptedCallerGetsInterruptedIoAfterItsProcessIsKilled() throws Exception {
        Path marker = dir.resolve("pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interruptedFlag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                sandbox.run(TestTasks.Hang.class, new Marker(marker.toString()), "archive 'a.tar'");
            } catch (Throwable e) {
                thrown.set(e);
                interruptedFlag.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker) && Files.size(marker) > 0);
        long child = Long.parseLong(Files.readString(marker));

        caller.interrupt();
        caller.join(Duration.ofSeconds(10).toMillis());

        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class).hasMessageContaining("archive 'a.tar'");
        assertThat(interruptedFlag.get()).as("the interrupt stays visible to the caller").isTrue();
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive))
                .as("the process was killed before the caller returned").isEmpty();
    }

    @Test
    void whatATaskPrintsToStandardOutputDoesNotBreakTheReplies() throws Exception {
        assertThat(sandbox.run(TestTasks.Print.class, new Text("x"), "x").value()).isEqualTo("printed x");
        assertThat(sandbox.run(TestTasks.Upper.class, new Text("after"), "x").value()).startsWith("AFTER@");
    }

    @Test
    void aRefusalAndALibraryExceptionAreInvalidContentAndTheProcessStays() throws Exception {
        assertThatThrownBy(() -> sandbox.run(TestTasks.Refuse.class, new Text("archive 'a.zip'"), "archive 'a.zip'"))
                .isInstanceOf(InvalidContentException.class).hasMessage("archive 'a.zip' is refused by the test");
        assertThatThrownBy(() -> sandbox.run(TestTasks.Crash.class, new Text("x"), "files[1] 'b.png'"))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("files[1] 'b.png': parsing it failed: ArrayIndexOutOfBoundsException: Index 7 out of bounds for length 3");
        long child = sandbox.processIds().iterator().next();
        assertThat(sandbox.run(TestTasks.Upper.class, new Text("x"), "x").value()).isEqualTo("X@" + child);
    }

    @Test
    void aProcessKilledFromOutsideIsReplacedInTheBackground() throws Exception {
        String first = sandbox.run(TestTasks.Upper.class, new Text("x"), "x").value();
        long killed = Long.parseLong(first.substring(2));

        ProcessHandle.of(killed).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> !sandbox.processIds().isEmpty()
                && !sandbox.processIds().contains(killed));
        long replacement = sandbox.processIds().iterator().next();
        assertThat(sandbox.run(TestTasks.Upper.class, new Text("y"), "y").value()).isEqualTo("Y@" + replacement);
    }

    @Test
    void closingTheSandboxKillsItsProcesses() throws Exception {
        String answer = sandbox.run(TestTasks.Upper.class, new Text("x"), "x").value();
        long child = Long.parseLong(answer.substring(2));

        sandbox.close();

        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isEmpty();
        assertThat(sandbox.processIds()).isEmpty();
    }

    @Test
    void aSandboxProcessEndsWhenItsStandardInputCloses() throws Exception {
        Process child = new ProcessBuilder(ChildCommand.of(properties(Duration.ofSeconds(5)))).start();
        child.getInputStream().read(new byte[4]);

        child.getOutputStream().close();

        assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
    }

    static SandboxProperties properties(Duration timeout) {
        SandboxProperties properties = new SandboxProperties();
        properties.setHeap(DataSize.ofMegabytes(32));
        properties.setTimeout(timeout);
        return properties;
    }
}
