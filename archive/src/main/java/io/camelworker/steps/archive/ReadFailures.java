package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;

/**
 * What a failed read of an archive means: a corrupt archive (INVALID_CONTENT), or an interrupted request (its time is
 * up: an {@link InterruptedIOException}, retried by a redelivery).
 */
final class ReadFailures {

    private ReadFailures() {
    }

    /**
     * A read that failed: the archive is corrupt, unless the thread was interrupted. An interrupted read closes the
     * file's channel under every thread reading it, which the others see as a closed channel: not the archive's fault.
     */
    static InvalidContentException corrupt(String what, IOException e) throws InterruptedIOException {
        if (e instanceof InterruptedIOException interrupted) {
            throw interrupted;
        }
        if (e instanceof ClosedChannelException || Thread.currentThread().isInterrupted()) {
            InterruptedIOException interrupted = interrupted(what);
            interrupted.initCause(e);
            throw interrupted;
        }
        return new InvalidContentException(what + " is corrupt or not readable: " + e.getMessage(), e);
    }

    /** The request's time is up when the thread that runs it is interrupted: stop before the next entry or buffer. */
    static void checkInterrupted(String entry) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted("entry " + EntryPaths.quoted(entry));
        }
    }

    static InterruptedIOException interrupted(String what) {
        return new InterruptedIOException("archive extraction interrupted at " + what);
    }
}
