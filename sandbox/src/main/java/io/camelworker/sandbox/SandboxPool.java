package io.camelworker.sandbox;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.sandbox.Frames.Call;
import io.camelworker.sandbox.Frames.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Sandbox} of a worker: up to {@code worker.sandbox.pool-size} processes, started on first use, kept warm
 * between parses, killed when a parse overruns or its request is interrupted, and replaced in the background when one
 * ends. Modelled on Apache Tika's {@code PipesClient}: a ready signal waited for with a start timeout, a reply waited
 * for with a parse timeout, {@code destroyForcibly} on either, the exit code telling an out-of-memory end apart.
 */
public final class SandboxPool implements Sandbox, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);
    /** Exit code of a JVM ended by {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int OUT_OF_MEMORY_EXIT = 3;

    private final SandboxProperties properties;
    private final List<String> command;
    private final Semaphore permits;
    private final LinkedBlockingDeque<SandboxProcess> idle = new LinkedBlockingDeque<>();
    private final Set<SandboxProcess> processes = ConcurrentHashMap.newKeySet();
    /**
     * One daemon thread that starts replacements, so that the request whose parse ended a process does not wait for
     * the next one. A thread of its own rather than one of Camel's pools: the sandbox package depends on no
     * Camel type, and the thread is only created at the first replacement (see {@link #replace}).
     */
    private final ExecutorService starter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-starter");
        thread.setDaemon(true);
        return thread;
    });
    private int started;
    private volatile boolean closed;

    public SandboxPool(SandboxProperties properties) {
        this(properties, ChildCommand.of(properties));
    }

    SandboxPool(SandboxProperties properties, List<String> command) {
        this.properties = properties;
        this.command = List.copyOf(command);
        this.permits = new Semaphore(properties.getPoolSize(), true);
    }

    @Override
    public <I, O> O run(Class<? extends SandboxTask<I, O>> task, I input, String subject) throws IOException {
        SandboxTask<I, O> instance = instance(task);
        Call call = new Call(task.getName(), Frames.JSON.valueToTree(input));
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(subject + ": interrupted while waiting for a sandbox process");
        }
        try {
            SandboxProcess process = borrow(subject);
            Reply reply = call(process, call, subject);
            idle.offerFirst(process);
            return answer(reply, instance, subject);
        } finally {
            permits.release();
        }
    }

    private Reply call(SandboxProcess process, Call call, String subject) throws IOException {
        Duration timeout = properties.getTimeout();
        try {
            return process.call(call, timeout);
        } catch (TimeoutException e) {
            process.kill();
            throw new ProcessingErrorException(subject + ": parsing it took longer than the sandbox's time limit "
                    + "(worker.sandbox.timeout=" + timeout.toSeconds() + "s); its sandbox process was stopped");
        } catch (InterruptedException e) {
            // The request ran out of time: the process is killed before the answer, so nothing happens after it.
            process.kill();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(subject + ": parsing it was interrupted; its sandbox process was stopped");
        } catch (SandboxProcess.EndedException e) {
            throw ended(process, e.exitCode, subject);
        } catch (IOException | RuntimeException e) {
            process.kill();
            throw e;
        }
    }

    private RuntimeException ended(SandboxProcess process, int exitCode, String subject) {
        LOG.warn("Sandbox process {} ended with exit code {} while parsing {}; its last output: {}", process.pid(),
                exitCode, subject, process.lastOutput());
        if (exitCode == OUT_OF_MEMORY_EXIT) {
            return new InvalidContentException(subject + ": parsing it needed more than the sandbox's heap "
                    + "(worker.sandbox.heap=" + properties.getHeap().toMegabytes() + "MB)");
        }
        return new InvalidContentException(subject + ": its sandbox process ended while parsing it, with exit code "
                + exitCode + (exitCode > 128 ? " (signal " + (exitCode - 128) + ")" : ""));
    }

    private static <I, O> O answer(Reply reply, SandboxTask<I, O> task, String subject) throws IOException {
        return switch (reply.kind()) {
            case OK -> Frames.JSON.treeToValue(reply.output(), task.outputType());
            case REFUSED -> throw new InvalidContentException(reply.message());
            case ERROR -> throw new ProcessingErrorException(reply.message());
            // An unexpected exception of a parser is this content's: parsing it again fails the same way.
            case FAILED -> throw new InvalidContentException(subject + ": parsing it failed: " + reply.message());
            case READY -> throw new IOException("sandbox process answered READY to a call");
        };
    }

    /** A warm process, or a new one when fewer than the pool size exist, or the next one to become free. */
    private SandboxProcess borrow(String subject) throws IOException {
        try {
            while (true) {
                SandboxProcess process = idle.poll();
                if (process != null) {
                    if (process.isAlive()) {
                        return process;
                    }
                    continue;
                }
                if (reserve()) {
                    return startReserved();
                }
                process = idle.poll(100, TimeUnit.MILLISECONDS);
                if (process != null) {
                    if (process.isAlive()) {
                        return process;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(subject + ": interrupted while a sandbox process started");
        }
    }

    private synchronized boolean reserve() throws IOException {
        if (closed) {
            throw new IOException("the sandbox is closed");
        }
        if (started < properties.getPoolSize()) {
            started++;
            return true;
        }
        return false;
    }

    private SandboxProcess startReserved() throws IOException, InterruptedException {
        boolean counted = false;
        try {
            long begin = System.nanoTime();
            SandboxProcess process = SandboxProcess.start(command, properties.getStartTimeout(), this::ended);
            synchronized (this) {
                // A process that ended between its ready signal and here was not counted in by ended().
                if (closed || process.hasEnded()) {
                    process.kill();
                    throw new IOException(closed ? "the sandbox is closed"
                            : "sandbox process " + process.pid() + " ended as it started; last output: " + process.lastOutput());
                }
                processes.add(process);
                counted = true;
            }
            LOG.info("Sandbox process {} started in {} ms", process.pid(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            return process;
        } finally {
            if (!counted) {
                synchronized (this) {
                    started--;
                }
            }
        }
    }

    /** Called once per process, when it has ended: its place is freed and a replacement started in the background. */
    private void ended(SandboxProcess process) {
        synchronized (this) {
            if (!processes.remove(process)) {
                return;
            }
            started--;
        }
        idle.remove(process);
        LOG.info("Sandbox process {} ended with exit code {}{}; a replacement starts", process.pid(), process.exitCode(),
                process.wasKilled() ? " (killed by the worker)" : "");
        replace();
    }

    private void replace() {
        if (closed) {
            return;
        }
        try {
            starter.execute(() -> {
                try {
                    if (reserve()) {
                        idle.offerLast(startReserved());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("A sandbox process could not be started in the background: {}", e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: nothing to replace.
        }
    }

    /** The process ids of the running sandbox processes (for tests and diagnostics). */
    public Set<Long> processIds() {
        return processes.stream().map(SandboxProcess::pid).collect(java.util.stream.Collectors.toSet());
    }

    /** Kills every sandbox process: none outlives the worker's context. */
    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        List<SandboxProcess> running;
        synchronized (this) {
            running = List.copyOf(processes);
            processes.clear();
        }
        running.forEach(SandboxProcess::kill);
        idle.clear();
    }

    private static <I, O> SandboxTask<I, O> instance(Class<? extends SandboxTask<I, O>> task) {
        try {
            return task.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(task.getName() + " needs a public no-argument constructor: "
                    + "a sandbox process creates it by its class name", e);
        }
    }
}
