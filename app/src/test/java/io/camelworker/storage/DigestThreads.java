package io.camelworker.storage;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The digest threads of a {@link FileTransfer} outside a Camel context (the service takes Camel's): daemon threads. */
public final class DigestThreads {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-transfer-digest");
        thread.setDaemon(true);
        return thread;
    });

    private DigestThreads() {
    }

    public static ExecutorService pool() {
        return POOL;
    }
}
