package io.camelworker.testing;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The tests' SFTP server: Apache MINA SSHD in process, on loopback and an ephemeral port, one user with a password,
 * its files in a temporary root directory (the root of the SFTP paths).
 */
public final class InProcessSftp implements InProcessFileServer {

    public static final String USER = "worker";

    private final SshServer server;
    private final Path root;
    private final String password = UUID.randomUUID().toString();

    private InProcessSftp(SshServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    /** Starts a server on 127.0.0.1 with an empty root directory. */
    public static InProcessSftp start() {
        try {
            Path root = Files.createTempDirectory("camel-worker-sftp");
            SshServer server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolveSibling(root.getFileName() + ".hostkey")));
            server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            server.setFileSystemFactory(new VirtualFileSystemFactory(root));
            InProcessSftp sftp = new InProcessSftp(server, root);
            server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && sftp.password.equals(password));
            server.start();
            return sftp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** The password of {@link #USER}, random per server. */
    public String password() {
        return password;
    }

    /** The directory SFTP path {@code /} maps to. */
    public Path root() {
        return root;
    }

    /** {@code sftp://127.0.0.1:<port>/<path>}, as requests name files of this server. */
    public String url(String path) {
        return "sftp://127.0.0.1:" + port() + "/" + path;
    }

    /**
     * The Camel endpoint URI of a directory of this server, with the password as a Camel property placeholder
     * {@code {{passwordProperty}}}; the host key is not checked (a new one per run).
     */
    public String camelUri(String directory, String passwordProperty) {
        return "sftp://127.0.0.1:" + port() + "/" + directory + "?username=" + USER + "&password={{" + passwordProperty
                + "}}&strictHostKeyChecking=no&useUserKnownHostsFile=false";
    }

    /** Stops the server and removes its files. */
    @Override
    public void close() throws IOException {
        server.stop(true);
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        Files.deleteIfExists(root.resolveSibling(root.getFileName() + ".hostkey"));
    }
}
