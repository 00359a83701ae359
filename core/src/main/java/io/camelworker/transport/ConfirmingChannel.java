package io.camelworker.transport;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.AMQContentHeader;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One channel of the publisher connection in confirm mode, which tells the fate of each mandatory publication without
 * blocking the publisher: confirmed, refused (nack), returned (unroutable), or lost with the channel.
 *
 * <p>Nothing is added to the messages to match returns with publications (Spring AMQP's correlation headers would reach
 * the manager). The broker returns a message before it confirms it, so a return marks every outstanding publication
 * with the same exchange, routing key and body; when two are alike, both are published again: a duplicate answer,
 * never a lost one.
 */
final class ConfirmingChannel implements ConfirmListener, ReturnListener, ShutdownListener {

    /** Frame overhead, class, weight, body size, flags and the fixed-size properties, with room to spare. */
    private static final long FIXED_PROPERTIES_BOUND = 128;

    private final Channel channel;
    private final int frameMax;
    private final ConcurrentNavigableMap<Long, Outstanding> outstanding = new ConcurrentSkipListMap<>();
    /** Sequence numbers are the channel's: taking one and publishing must not interleave with another thread. */
    private final ReentrantLock publishing = new ReentrantLock();

    private ConfirmingChannel(Channel channel, int frameMax) {
        this.channel = channel;
        this.frameMax = frameMax;
    }

    static ConfirmingChannel open(com.rabbitmq.client.Connection connection) throws IOException {
        Channel channel = connection.createChannel();
        if (channel == null) {
            throw new IOException("the publisher connection has no channel left (channel_max reached)");
        }
        channel.confirmSelect();
        ConfirmingChannel confirming = new ConfirmingChannel(channel, connection.getFrameMax());
        channel.addConfirmListener(confirming);
        channel.addReturnListener(confirming);
        channel.addShutdownListener(confirming);
        return confirming;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Largest frame the connection accepts, 0 when unlimited: the properties of a message must fit in one. */
    int frameMax() {
        return frameMax;
    }

    /** Publishes as mandatory; the future completes when the broker confirmed it, or fails with a {@link PublicationFailure}. */
    CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        Outstanding publication = new Outstanding(exchange, routingKey, body);
        String unfit = unfit(properties, body);
        if (unfit != null) {
            publication.result.completeExceptionally(new PublicationFailure(unfit, true));
            return publication.result;
        }
        publishing.lock();
        try {
            long sequence = channel.getNextPublishSeqNo();
            outstanding.put(sequence, publication);
            try {
                channel.basicPublish(exchange, routingKey, true, properties, body);
            } catch (IOException | RuntimeException e) {
                // The client counted the sequence number before failing: the broker's numbering may no longer be
                // ours, so no confirm of this channel can be trusted. Its publications fail and are sent again.
                abort();
            }
        } finally {
            publishing.unlock();
        }
        return publication.result;
    }

    /**
     * Tells why the message's properties cannot fit in one frame, or null when they do. Checked here: the client would
     * throw only after counting the sequence number, which would shift every later confirm of the channel.
     */
    String unfit(AMQP.BasicProperties properties, byte[] body) {
        if (frameMax <= 0 || sizeBound(properties) <= frameMax) {
            return null;
        }
        int size = headerFrameSize(properties, body.length);
        return size <= frameMax ? null
                : "its headers take " + size + " bytes, more than the broker's frame_max of " + frameMax + " bytes";
    }

    /**
     * An upper bound of the header frame's size, without encoding it (encoding every publication twice was 5 % of the
     * request path's CPU): every character counted as 3 bytes, as UTF-8 may take. Long.MAX_VALUE when a header has a
     * type it does not bound (a table, an array...): the frame is then encoded to know.
     */
    static long sizeBound(AMQP.BasicProperties properties) {
        long bound = FIXED_PROPERTIES_BOUND;
        for (String field : new String[] {properties.getContentType(), properties.getContentEncoding(),
                properties.getCorrelationId(), properties.getReplyTo(), properties.getExpiration(), properties.getMessageId(),
                properties.getType(), properties.getUserId(), properties.getAppId(), properties.getClusterId()}) {
            bound += field == null ? 0 : 1 + 3L * field.length();
        }
        Map<String, Object> headers = properties.getHeaders();
        if (headers == null) {
            return bound;
        }
        bound += 4;
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            bound += 2 + 3L * header.getKey().length();
            Object value = header.getValue();
            if (value instanceof String text) {
                bound += 4 + 3L * text.length();
            } else if (value instanceof byte[] bytes) {
                bound += 4 + bytes.length;
            } else if (value instanceof Number || value instanceof Boolean || value == null) {
                bound += 9;
            } else {
                return Long.MAX_VALUE;
            }
        }
        return bound;
    }

    /** Size of the content header frame that carries these properties, as the client encodes it. */
    static int headerFrameSize(AMQP.BasicProperties properties, int bodyLength) {
        try {
            return ((AMQContentHeader) properties).toFrame(0, bodyLength).size();
        } catch (IOException e) {
            // Encoding to memory fails only on a header value of a type AMQP has not: it can never be sent.
            return Integer.MAX_VALUE;
        }
    }

    /** Closes the channel; its unconfirmed publications fail (and are published again by their owners). */
    void abort() {
        try {
            channel.abort();
        } catch (IOException | RuntimeException e) {
            // already closed: nothing more to release
        }
        shutdownCompleted(null);
    }

    @Override
    public void handleAck(long deliveryTag, boolean multiple) {
        settle(deliveryTag, multiple, null);
    }

    @Override
    public void handleNack(long deliveryTag, boolean multiple) {
        settle(deliveryTag, multiple, "refused by the broker (nack)");
    }

    @Override
    public void handleReturn(int replyCode, String replyText, String exchange, String routingKey,
                             AMQP.BasicProperties properties, byte[] body) {
        String reason = "unroutable (" + replyCode + " " + replyText + "): no queue is bound to exchange '" + exchange
                + "' for routing key '" + routingKey + "'";
        for (Outstanding publication : outstanding.values()) {
            if (publication.is(exchange, routingKey, body)) {
                publication.returned = reason;
            }
        }
    }

    @Override
    public void shutdownCompleted(ShutdownSignalException cause) {
        String reason = "channel closed before the broker confirmed"
                + (cause == null ? "" : " (" + cause.getMessage() + ")");
        for (Long sequence : outstanding.keySet()) {
            Outstanding publication = outstanding.remove(sequence);
            if (publication != null) {
                publication.settle(reason);
            }
        }
    }

    private void settle(long deliveryTag, boolean multiple, String refusal) {
        Map<Long, Outstanding> settled = multiple ? outstanding.headMap(deliveryTag, true) : null;
        if (settled == null) {
            Outstanding publication = outstanding.remove(deliveryTag);
            if (publication != null) {
                publication.settle(refusal);
            }
            return;
        }
        for (Long sequence : settled.keySet()) {
            Outstanding publication = outstanding.remove(sequence);
            if (publication != null) {
                publication.settle(refusal);
            }
        }
    }

    /** A publication waiting for its confirm. */
    private static final class Outstanding {
        final String exchange;
        final String routingKey;
        final byte[] body;
        final CompletableFuture<Void> result = new CompletableFuture<>();
        /** Set by a return, which the broker sends before the confirm of the same message. */
        volatile String returned;

        Outstanding(String exchange, String routingKey, byte[] body) {
            this.exchange = exchange;
            this.routingKey = routingKey;
            this.body = body;
        }

        boolean is(String exchange, String routingKey, byte[] body) {
            return this.exchange.equals(exchange) && this.routingKey.equals(routingKey) && Arrays.equals(this.body, body);
        }

        void settle(String refusal) {
            String failure = refusal != null ? refusal : returned;
            if (failure == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(new PublicationFailure(failure, false));
            }
        }
    }
}
