package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the archives of one request have extracted so far, against the request's limits: one budget for all the archives
 * of a request, so that listing an archive several times, or splitting a bomb into several archives, gains nothing.
 * Shared by the threads extracting a zip.
 */
public final class ExtractionBudget {

    private final ExtractionLimits limits;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();

    public ExtractionBudget(ExtractionLimits limits) {
        this.limits = limits;
    }

    /**
     * What a budget has counted, as plain data: a sandbox process extracting an archive of the request resumes the
     * budget from it, and the worker adds what the process spent ({@link #add}).
     *
     * @param written bytes written by extraction
     * @param read    archive bytes read to write them
     * @param reused  bytes of extractions reused from an earlier delivery
     */
    public record Spent(long written, long read, long reused) {
    }

    /** What this budget has counted so far. */
    public Spent spent() {
        return new Spent(written.get(), read.get(), reused.get());
    }

    /** A budget that has already counted {@code spent}, as the worker's budget of the same request had. */
    static ExtractionBudget resumed(ExtractionLimits limits, Spent spent) {
        ExtractionBudget budget = new ExtractionBudget(limits);
        budget.written.set(spent.written());
        budget.read.set(spent.read());
        budget.reused.set(spent.reused());
        return budget;
    }

    /** Adds what a sandbox process spent of this budget (it checked the limits as it wrote). */
    void add(long writtenBytes, long readBytes) {
        written.addAndGet(writtenBytes);
        read.addAndGet(readBytes);
    }

    /**
     * Counts bytes an entry wrote and the archive bytes read to produce them.
     *
     * @throws InvalidContentException naming the entry and the limit when the request extracts more bytes than it may,
     *                                 or at a ratio above the limit
     */
    void charge(String entry, long writtenBytes, long readBytes) {
        long total = written.addAndGet(writtenBytes);
        long totalRead = read.addAndGet(readBytes);
        checkTotal(entry, total + reused.get());
        limits.checkRatio("request at entry", entry, total, totalRead);
    }

    /** Counts the files of an extraction an earlier delivery made, reused as they are: they still are this request's. */
    void chargeReused(String extraction, long bytes) {
        long total = reused.addAndGet(bytes) + written.get();
        if (total > limits.maxRequestBytes()) {
            throw new InvalidContentException("the extraction '" + extraction + "' made by an earlier delivery makes the "
                    + "request extract more than " + limits.maxRequestBytes() + " bytes (" + limits.maxRequestBytesSetting() + ")");
        }
    }

    /** Refuses an entry whose declared size alone is more than the request may extract. */
    void checkDeclared(String entry, long size) {
        checkTotal(entry, size);
    }

    private void checkTotal(String entry, long total) {
        if (total > limits.maxRequestBytes()) {
            throw EntryPaths.refused(entry, "makes the request extract more than " + limits.maxRequestBytes() + " bytes ("
                    + limits.maxRequestBytesSetting() + ")");
        }
    }
}
