package io.camelworker.config;

import org.springframework.util.unit.DataSize;

/**
 * Whether the heap can hold the request bodies the broker may hand the worker at once, decided at start-up.
 *
 * <p>The rule: {@code worker.broker-max-message-size x (worker.concurrency x worker.prefetch + 1) + 64 MiB <= heap}.
 * <ul>
 *   <li>{@code concurrency x prefetch}: each consumer has a channel of its own whose QoS (per consumer, not global) lets the
 *   broker deliver {@code prefetch} messages before one is acknowledged; Spring AMQP keeps them, bodies included, in the
 *   consumer's queue, and the one being processed stays unacknowledged until its answer is confirmed, so it is one of them.</li>
 *   <li>{@code + 1}: the AMQP client reads a body frame by frame and then copies the frames into one array
 *   ({@code CommandAssembler.coalesceContentBody}): while the connection's one reader thread assembles a delivery, that
 *   body is in the heap twice.</li>
 *   <li>{@code 64 MiB}: the rest of the worker (about 30 MB of live heap at rest: Spring, Camel, the AMQP client, Tomcat;
 *   the request being parsed, the steps' 64 KB buffers). A step's own memory budget (the storage worker's
 *   {@code worker.storage.upload-memory}) is the step's to bound, not counted here.</li>
 * </ul>
 * The heap is {@link Runtime#maxMemory()}: with the serial collector it leaves one survivor space (1/30 of the heap)
 * out, 247.5 MiB for {@code -Xmx256m}, hence the advice of an {@code -Xmx} 1/29 above the need. Measured with the
 * image's flags ({@code -Xmx256m -XX:+UseSerialGC}): a worker answered a 90 MiB body (the rule allows up to 91 MiB there)
 * and died of a 127 MiB one ({@code OutOfMemoryError} while assembling it).
 */
public final class HeapBudget {

    /** What the worker needs besides the bodies it receives. */
    public static final DataSize MARGIN = DataSize.ofMegabytes(64);

    private final DataSize brokerMaxMessageSize;
    private final int concurrency;
    private final int prefetch;

    public HeapBudget(DataSize brokerMaxMessageSize, int concurrency, int prefetch) {
        this.brokerMaxMessageSize = brokerMaxMessageSize;
        this.concurrency = concurrency;
        this.prefetch = prefetch;
    }

    /** Deliveries whose bodies can be in the heap together: those held by the consumers, and one more being assembled. */
    public long bodiesAtOnce() {
        return (long) concurrency * prefetch + 1;
    }

    /** Heap the worker needs, in bytes ({@link Long#MAX_VALUE} when it cannot even be counted). */
    public long requiredBytes() {
        try {
            return Math.addExact(Math.multiplyExact(brokerMaxMessageSize.toBytes(), bodiesAtOnce()), MARGIN.toBytes());
        } catch (ArithmeticException beyondAnyHeap) {
            return Long.MAX_VALUE;
        }
    }

    /** Whether a heap of this many bytes ({@link Runtime#maxMemory()}) is enough. */
    public boolean fitsIn(long heapBytes) {
        return requiredBytes() <= heapBytes;
    }

    /** Refuses a heap that is too small, naming the settings of the rule and what to change. */
    public void check(long heapBytes, String heapSetting) {
        if (!fitsIn(heapBytes)) {
            throw new HeapTooSmallException(shortfall(heapBytes, heapSetting));
        }
    }

    String shortfall(long heapBytes, String heapSetting) {
        return "worker.broker-max-message-size=" + mebibytes(brokerMaxMessageSize.toBytes()) + " x (worker.concurrency "
                + concurrency + " x worker.prefetch " + prefetch + " deliveries held + 1 being read) + "
                + mebibytes(MARGIN.toBytes()) + " for the rest of the worker needs " + mebibytes(requiredBytes())
                + " of heap; the heap is " + mebibytes(heapBytes) + " (" + heapSetting + "): raise -Xmx (or "
                + "-XX:MaxRAMPercentage) to at least " + mebibytes(requiredBytes() + requiredBytes() / 29) + ", or lower "
                + "worker.broker-max-message-size (with the broker's max_message_size), worker.prefetch or worker.concurrency";
    }

    private static String mebibytes(long bytes) {
        return ((bytes + (1 << 20) - 1) >> 20) + "MB";
    }
}
