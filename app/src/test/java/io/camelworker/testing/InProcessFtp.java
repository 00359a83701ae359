package io.camelworker.testing;

import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The tests' FTP server: Apache FtpServer in process, on loopback, one user with a password and write permission, its
 * files in a temporary root directory (the root of the FTP paths).
 */
public final class InProcessFtp implements InProcessFileServer {

    public static final String USER = "worker";

    private final FtpServer server;
    private final Path root;
    private final int port;
    private final String password;

    private InProcessFtp(FtpServer server, Path root, int port, String password) {
        this.server = server;
        this.root = root;
        this.port = port;
        this.password = password;
    }

    /** Starts a server on 127.0.0.1 with an empty root directory. */
    public static InProcessFtp start() {
        try {
            Path root = Files.createTempDirectory("camel-worker-ftp");
            String password = UUID.randomUUID().toString();
            int port = freePort();
            FtpServerFactory factory = new FtpServerFactory();
            ListenerFactory listener = new ListenerFactory();
            listener.setServerAddress("127.0.0.1");
            listener.setPort(port);
            factory.addListener("default", listener.createListener());
            BaseUser user = new BaseUser();
            user.setName(USER);
            user.setPassword(password);
            user.setHomeDirectory(root.toString());
            user.setAuthorities(List.<Authority>of(new WritePermission()));
            factory.getUserManager().save(user);
            FtpServer server = factory.createServer();
            server.start();
            return new InProcessFtp(server, root, port, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FtpException e) {
            throw new IllegalStateException("the in-process FTP server did not start", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The password of {@link #USER}, random per server. */
    public String password() {
        return password;
    }

    /** The directory FTP path {@code /} maps to. */
    public Path root() {
        return root;
    }

    /** {@code ftp://127.0.0.1:<port>/<path>}, as requests name files of this server. */
    public String url(String path) {
        return "ftp://127.0.0.1:" + port + "/" + path;
    }

    /** The Camel endpoint URI of a directory of this server, the password as placeholder {@code {{passwordProperty}}}. */
    public String camelUri(String directory, String passwordProperty) {
        return "ftp://127.0.0.1:" + port + "/" + directory + "?username=" + USER + "&password={{" + passwordProperty
                + "}}&passiveMode=true&binary=true";
    }

    /** Stops the server and removes its files. */
    @Override
    public void close() throws IOException {
        server.stop();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
