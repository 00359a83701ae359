package io.camelworker.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy to a server that drops its first connections at once (the server looks down, then comes back): what a
 * restarting S3 server looks like to a client.
 */
public final class FlakyTcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger toDrop;
    private final AtomicInteger dropped = new AtomicInteger();

    public FlakyTcpProxy(int targetPort, int dropFirst) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.toDrop = new AtomicInteger(dropFirst);
        Thread acceptor = new Thread(this::accept, "flaky-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections dropped so far. */
    public int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (toDrop.getAndDecrement() > 0) {
                    dropped.incrementAndGet();
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pipe(client.getInputStream(), target.getOutputStream(), client, target);
                pipe(target.getInputStream(), client.getOutputStream(), client, target);
            } catch (IOException e) {
                // closed, or one connection failed: the next accept goes on
            }
        }
    }

    private static void pipe(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread thread = new Thread(() -> {
            try {
                in.transferTo(out);
            } catch (IOException e) {
                // the other side closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }, "flaky-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
