package io.camelworker.testing;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The tests' Azure Blob service: Azurite (the npm package), installed on first use under
 * {@code ~/.cache/camel-worker/azurite-<version>} with {@code npm install --prefix}, started as {@code azurite-blob}
 * on 127.0.0.1 and a free port with a temporary location, stopped by {@link #close()}. Needs Node.js and npm.
 */
public final class Azurite implements AutoCloseable {

    public static final String VERSION = "3.37.0";
    /** Azurite's well-known development account and key. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path location;

    private Azurite(Process process, int port, Path location) {
        this.process = process;
        this.port = port;
        this.location = location;
    }

    /** Installs Azurite when missing, starts it and waits until it listens. */
    public static Azurite start() {
        try {
            Path installed = install();
            Path location = Files.createTempDirectory("camel-worker-azurite");
            int port = freePort();
            Process process = new ProcessBuilder(installed.resolve("node_modules/.bin/azurite-blob").toString(),
                    "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port), "--location", location.toString(),
                    "--skipApiVersionCheck", "--loose", "--silent")
                    .redirectErrorStream(true)
                    .redirectOutput(location.resolve("azurite.log").toFile())
                    .start();
            Azurite azurite = new Azurite(process, port, location);
            azurite.awaitListening();
            return azurite;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The install directory, filled once per machine; a half-done install never takes its name. */
    private static Path install() throws IOException {
        Path target = Path.of(System.getProperty("user.home"), ".cache", "camel-worker", "azurite-" + VERSION);
        if (Files.isExecutable(target.resolve("node_modules/.bin/azurite-blob"))) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path staging = target.resolveSibling(target.getFileName() + ".installing-" + UUID.randomUUID());
        Process npm = new ProcessBuilder("npm", "install", "--prefix", staging.toString(), "--no-audit", "--no-fund",
                "--loglevel=error", "azurite@" + VERSION)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install azurite@" + VERSION + " failed; Azurite's tests need "
                        + "Node.js and npm on the PATH and the npm registry");
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing Azurite", e);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
            // another run installed it meanwhile
        }
        return target;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening() throws IOException {
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(this::listening);
        } catch (ConditionTimeoutException e) {
            close();
            throw new IllegalStateException("Azurite did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT, e);
        }
    }

    /** Whether Azurite accepts connections; fails at once, with its log, when it has exited. */
    private boolean listening() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Azurite exited with " + process.exitValue() + ": "
                    + Files.readString(location.resolve("azurite.log")));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** {@code http://127.0.0.1:<port>/devstoreaccount1}, the account's blob endpoint. */
    public String blobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** The connection string of the development account on this server. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + blobEndpoint() + ";";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(location)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
