package io.camelworker.sandbox;

import io.camelworker.sandbox.Frames.Call;
import io.camelworker.sandbox.Frames.Reply;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One sandbox process: started, waited for until it reports ready, given one call at a time, and killed. Its
 * replies are read by a thread of its own, so that the caller waits for them with a time limit and interruptibly.
 *
 * <p>Threads: each process has two daemon threads, one reading its replies, one draining its stderr
 * ({@link ChildLog}). They block on the process's pipes, which the JDK offers only as blocking streams, and end when
 * the process ends, so they live exactly as long as it does; a shared pool would hold them just as long.
 */
final class SandboxProcess {

    /** Why a call got no reply: the process ended, with this exit code. */
    static final class EndedException extends Exception {
        final int exitCode;

        EndedException(int exitCode) {
            super("sandbox process ended with exit code " + exitCode);
            this.exitCode = exitCode;
        }
    }

    /** How long the reader waits for the exit code of a process whose stdout closed. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);
    /** How long a process that wrote a broken frame has to end by itself, so that its exit code tells why. */
    private static final Duration FRAME_FAILURE_WAIT = Duration.ofSeconds(1);

    private final Process process;
    private final DataOutputStream calls;
    private final ChildLog log;
    private final Consumer<SandboxProcess> onEnd;
    private final CompletableFuture<Reply> ready = new CompletableFuture<>();
    private volatile CompletableFuture<Reply> pending;
    private volatile boolean killed;
    private volatile boolean ended;

    private SandboxProcess(Process process, Consumer<SandboxProcess> onEnd) {
        this.process = process;
        this.calls = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        this.log = new ChildLog(process.getErrorStream(), process.pid());
        this.onEnd = onEnd;
        this.pending = ready;
    }

    /**
     * Starts a process and waits until it is ready.
     *
     * @param onEnd called once, from the reader thread, when the process has ended (however)
     * @throws IOException          when it could not be started, or did not report ready within {@code startTimeout}
     * @throws InterruptedException when the caller was interrupted while it started (it was killed)
     */
    static SandboxProcess start(List<String> command, Duration startTimeout, Consumer<SandboxProcess> onEnd)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        // The image sets JAVA_TOOL_OPTIONS for the worker (its heap, its agent): not for the sandbox's small JVM.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        SandboxProcess started = new SandboxProcess(builder.start(), onEnd);
        started.daemon("sandbox-" + started.pid() + "-stderr", started.log);
        started.daemon("sandbox-" + started.pid() + "-replies", started::readReplies);
        try {
            Reply reply = started.ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.kind() != Reply.Kind.READY) {
                throw new IOException("sandbox process " + started.pid() + " answered " + reply.kind() + " instead of READY");
            }
            return started;
        } catch (TimeoutException e) {
            started.kill();
            throw new IOException("sandbox process " + started.pid() + " did not report ready within " + startTimeout
                    + " (worker.sandbox.start-timeout); last output: " + started.lastOutput());
        } catch (ExecutionException e) {
            started.kill();
            throw new IOException("sandbox process " + started.pid() + " could not start: " + e.getCause().getMessage()
                    + "; last output: " + started.lastOutput());
        } catch (InterruptedException | IOException | RuntimeException e) {
            started.kill();
            throw e;
        }
    }

    /**
     * Sends one call and waits for its reply.
     *
     * @throws TimeoutException     when no reply came within {@code timeout} (the process is still running)
     * @throws EndedException       when the process ended before it replied
     * @throws InterruptedException when the caller was interrupted (the process is still running)
     */
    Reply call(Call call, Duration timeout) throws IOException, TimeoutException, EndedException, InterruptedException {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending = reply;
        if (!process.isAlive()) {
            throw new EndedException(exitCode());
        }
        try {
            Frames.write(calls, call);
        } catch (IOException e) {
            // Its stdin is closed: the process has ended, or is ending; the reader reports how.
            waitForExit();
            throw new EndedException(exitCode());
        }
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EndedException ended) {
                throw ended;
            }
            throw new IOException("sandbox process " + pid() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Kills the process (SIGKILL) and waits for its end, even when this thread is interrupted. */
    void kill() {
        killed = true;
        process.destroyForcibly();
        waitForExit();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the worker killed this process (time limit, interruption, shutdown), rather than it ending itself. */
    boolean wasKilled() {
        return killed;
    }

    long pid() {
        return process.pid();
    }

    /** The last lines of the process's stderr, joined, for failure messages and logs. */
    String lastOutput() {
        List<String> lines = log.lastLines();
        return lines.isEmpty() ? "(none)" : String.join(" | ", lines);
    }

    private void readReplies() {
        Throwable failure = null;
        try (DataInputStream replies = new DataInputStream(new BufferedInputStream(process.getInputStream()))) {
            for (Reply reply; (reply = Frames.read(replies, Reply.class)) != null; ) {
                CompletableFuture<Reply> waiting = pending;
                pending = null;
                if (waiting == null || !waiting.complete(reply)) {
                    failure = new IOException("sandbox process " + pid() + " replied while nothing was asked");
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        boolean brokenProtocol = failure != null && !exitsWithin(FRAME_FAILURE_WAIT);
        if (brokenProtocol) {
            // A broken frame of a process that goes on: it is not usable any more.
            process.destroyForcibly();
        }
        // Its stdout closed: it is ending (an OutOfMemoryError exits with code 3), which a kill now would hide.
        waitForExit();
        CompletableFuture<Reply> waiting = pending;
        if (waiting != null) {
            waiting.completeExceptionally(brokenProtocol && !killed ? failure : new EndedException(exitCode()));
        }
        ended = true;
        onEnd.accept(this);
    }

    /** Whether the process has ended and its end was reported. */
    boolean hasEnded() {
        return ended;
    }

    private boolean exitsWithin(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void waitForExit() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                        continue;
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    private void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
