package io.camelworker.steps.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the extraction of an archive's entries on {@code parallelism} threads, the calling one included; the first
 * failure stops the others and is rethrown once they stopped.
 */
final class EntryThreads {

    /** Extracts the entry of an index. */
    @FunctionalInterface
    interface EntryTask {
        ExtractedFile extract(int index) throws IOException;
    }

    private final int parallelism;
    private final ExecutorService helpers;

    /**
     * @param helpers the threads that help the calling one, shared by the requests of the process (Camel's
     *                ExecutorServiceManager pool); null to start threads per archive
     */
    EntryThreads(int parallelism, ExecutorService helpers) {
        this.parallelism = parallelism;
        this.helpers = helpers;
    }

    int parallelism() {
        return parallelism;
    }

    /** Runs the task for every index below {@code count}; the results are in index order (null for a stopped one). */
    List<ExtractedFile> run(int count, ArchiveBudget budget, EntryTask task) throws IOException {
        ExtractedFile[] results = new ExtractedFile[count];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement()) {
                try {
                    results[i] = task.extract(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    budget.failed = true;
                }
            }
        };
        int threads = Math.min(parallelism, count) - 1;
        ExecutorService pool = threads <= 0 ? null : helpers != null ? helpers : Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "archive-extraction");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> running = new ArrayList<>();
        // A helper runs only if it claims its turn before the calling thread is done: one that has not started by then
        // (the shared pool busy with another request's zip) has nothing left to do and is not waited for.
        List<AtomicBoolean> turns = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                AtomicBoolean turn = new AtomicBoolean();
                turns.add(turn);
                running.add(pool.submit(() -> {
                    if (turn.compareAndSet(false, true)) {
                        worker.run();
                    }
                }));
            }
            worker.run();
        } finally {
            if (pool != null) {
                if (pool != helpers) {
                    pool.shutdown();
                }
                List<Future<?>> started = new ArrayList<>();
                for (int t = 0; t < running.size(); t++) {
                    if (!turns.get(t).compareAndSet(false, true)) {
                        started.add(running.get(t));
                    }
                }
                awaitAll(started, failure, budget);
            }
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof Error error) {
            throw error;
        }
        if (failed != null) {
            throw new IOException("archive extraction failed", failed);
        }
        return Arrays.asList(results);
    }

    /**
     * Waits until the other threads stopped, even when interrupted: the caller deletes what they wrote once this
     * returns. They stop at their next buffer once one failed; the interruption is recorded and restored.
     */
    private static void awaitAll(List<Future<?>> running, AtomicReference<Throwable> failure, ArchiveBudget budget) {
        boolean interrupted = false;
        for (Future<?> future : running) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    failure.compareAndSet(null, ReadFailures.interrupted("the end of a zip"));
                    budget.failed = true;
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
