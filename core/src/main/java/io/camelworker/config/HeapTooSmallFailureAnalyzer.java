package io.camelworker.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Tells an operator whose heap cannot hold the bodies the worker may receive which settings to change, without a stack trace. */
class HeapTooSmallFailureAnalyzer extends AbstractFailureAnalyzer<HeapTooSmallException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, HeapTooSmallException cause) {
        String action = "Give the JVM the heap it needs (-Xmx, or -XX:MaxRAMPercentage in a container), or make the worker "
                + "receive less at once: a smaller worker.broker-max-message-size (the broker's max_message_size must not "
                + "be larger, or the AMQP client drops the connection on a larger message), worker.prefetch or "
                + "worker.concurrency.";
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
