package io.camelworker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a server (the broker, S3...) whose connections a test can cut, as a network failure would,
 * or that plays the server going down in the middle of a transfer and coming back.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesToTarget = new AtomicLong();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile long downAfterBytes = Long.MAX_VALUE;
    private volatile boolean down;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Closes every connection through the proxy; new ones are accepted again at once. */
    public void cutAll() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
        sockets.clear();
    }

    /**
     * Once {@code bytes} more bytes have gone to the target, cuts every connection and refuses new ones (accepted, then
     * reset at once) until {@link #restore()}: the server goes down in the middle of a transfer.
     */
    public void goDownAfter(long bytes) {
        downAfterBytes = bytesToTarget.get() + bytes;
    }

    /** Connections refused while down. */
    public int refused() {
        return refused.get();
    }

    /** The server is back: new connections go through again. */
    public void restore() {
        down = false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down) {
                    refused.incrementAndGet();
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(broker);
                pipe(client, broker, true);
                pipe(broker, client, false);
            } catch (IOException e) {
                // the server socket closed, or the broker refused: the client sees its connection fail
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean towardsTarget) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, read);
                    if (towardsTarget && bytesToTarget.addAndGet(read) >= downAfterBytes) {
                        downAfterBytes = Long.MAX_VALUE;
                        down = true;
                        cutAll();
                    }
                }
            } catch (IOException e) {
                // cut
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }, "tcp-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }
}
