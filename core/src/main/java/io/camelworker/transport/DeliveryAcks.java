package io.camelworker.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The unsettled requests of one consumer channel, in delivery order, and the acknowledgements they call for: a request
 * is acknowledged once its answer is confirmed, and the answered requests at the head of the channel with one
 * {@code multiple} acknowledgement. Acknowledgements come from confirm threads and the consumer thread alike: they are
 * decided and sent under one lock, so that a multiple acknowledgement never covers a tag settled otherwise.
 */
final class DeliveryAcks {

    /** What the decisions are sent to: the consumer channel. */
    interface Acknowledger {
        void ack(long deliveryTag, boolean multiple) throws IOException;

        void requeue(long deliveryTag) throws IOException;

        /** Rejected without requeue: the broker dead-letters it through the queue's x-dead-letter-exchange. */
        void reject(long deliveryTag) throws IOException;

        boolean isOpen();
    }

    private final Acknowledger channel;
    /** Delivery tag to whether its answer is confirmed. */
    private final TreeMap<Long, Boolean> unsettled = new TreeMap<>();

    DeliveryAcks(Acknowledger channel) {
        this.channel = channel;
    }

    /** A request was delivered and is being processed. */
    synchronized void received(long deliveryTag) {
        unsettled.put(deliveryTag, Boolean.FALSE);
    }

    /** The answer of a request was confirmed: it is acknowledged with those before it that are answered too. */
    synchronized void answered(long deliveryTag) throws IOException {
        if (unsettled.replace(deliveryTag, Boolean.TRUE) == null) {
            return;
        }
        long last = -1;
        int count = 0;
        for (Map.Entry<Long, Boolean> head : unsettled.entrySet()) {
            if (!head.getValue()) {
                break;
            }
            last = head.getKey();
            count++;
        }
        if (count == 0) {
            return;
        }
        unsettled.headMap(last, true).clear();
        notifyAll();
        // Every unacknowledged tag up to 'last' of this channel is in the head just cleared: a multiple ack is exact.
        channel.ack(last, count > 1);
    }

    /** The request could not be answered: it goes back to the queue, for this or another consumer. */
    synchronized void abandoned(long deliveryTag) throws IOException {
        settleUnanswered(deliveryTag, true);
    }

    /** The request can never be answered: the broker dead-letters it. */
    synchronized void rejected(long deliveryTag) throws IOException {
        settleUnanswered(deliveryTag, false);
    }

    private void settleUnanswered(long deliveryTag, boolean requeue) throws IOException {
        if (unsettled.remove(deliveryTag) == null) {
            return;
        }
        notifyAll();
        if (channel.isOpen()) {
            if (requeue) {
                channel.requeue(deliveryTag);
            } else {
                channel.reject(deliveryTag);
            }
        }
        if (!unsettled.isEmpty() && unsettled.firstEntry().getValue()) {
            answered(unsettled.firstKey());
        }
    }

    synchronized boolean isEmpty() {
        return unsettled.isEmpty();
    }

    /** Waits until every request received is settled, at most {@code timeout}; answers whether they all are. */
    synchronized boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!unsettled.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
