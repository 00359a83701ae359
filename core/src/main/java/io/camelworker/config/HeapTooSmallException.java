package io.camelworker.config;

/** The heap cannot hold the request bodies the broker may deliver at once: the worker would die of the next big one. */
public class HeapTooSmallException extends RuntimeException {

    HeapTooSmallException(String message) {
        super(message);
    }
}
