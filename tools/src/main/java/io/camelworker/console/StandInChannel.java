package io.camelworker.console;

import com.rabbitmq.client.Channel;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The consumer channel of a request handed to a route without a broker ({@code bin/run-route}): it is open, and it
 * records the listener's decision on the request (acknowledged, sent back to the queue, rejected).
 */
final class StandInChannel {

    private final List<String> decisions = new CopyOnWriteArrayList<>();
    private final Channel channel;

    StandInChannel() {
        channel = (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> true;
                    case "getChannelNumber" -> 1;
                    case "basicAck" -> decided("acknowledged");
                    case "basicNack" -> decided(Boolean.TRUE.equals(args[2]) ? "requeued" : "rejected");
                    case "basicReject" -> decided("rejected");
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "stand-in channel";
                    default -> throw new UnsupportedOperationException("the stand-in channel of bin/run-route has no "
                            + method.getName());
                });
    }

    private Object decided(String decision) {
        decisions.add(decision);
        return null;
    }

    Channel channel() {
        return channel;
    }

    /** The acknowledgement decisions taken on the request, in order. */
    List<String> decisions() {
        return List.copyOf(decisions);
    }
}
