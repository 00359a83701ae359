package io.camelworker.console;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;

/**
 * A port where a broker would be, to prove that a command reaches for none: the commands are pointed at it with
 * {@code --spring.rabbitmq.port}, and any connection attempt waits in its backlog.
 */
final class BrokerTrap implements AutoCloseable {

    private final ServerSocket socket;

    BrokerTrap() throws IOException {
        socket = new ServerSocket(0);
    }

    String portSetting() {
        return "--spring.rabbitmq.port=" + socket.getLocalPort();
    }

    /** Whether anything connected since the trap was set. */
    boolean connectedTo() throws IOException {
        socket.setSoTimeout(1);
        try (var ignored = socket.accept()) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
