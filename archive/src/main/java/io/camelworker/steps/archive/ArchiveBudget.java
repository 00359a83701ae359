package io.camelworker.steps.archive;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the entries of one archive have consumed of the limits so far, shared by the threads extracting it. */
final class ArchiveBudget {

    /** The budget of the request the archive belongs to. */
    final ExtractionBudget request;
    final AtomicLong written = new AtomicLong();
    final AtomicLong compressed = new AtomicLong();
    /** Directories created for the entries so far. */
    final Map<Path, Boolean> directories = new ConcurrentHashMap<>();
    /** Set when an entry failed: the other threads stop copying. */
    volatile boolean failed;

    ArchiveBudget(ExtractionBudget request) {
        this.request = request;
    }
}
