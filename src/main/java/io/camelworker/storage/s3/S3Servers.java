package io.camelworker.storage.s3;

import io.camelworker.storage.StorageProperties;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The S3 servers of {@code worker.storage.s3-servers}, with one client each, created on first use. */
public class S3Servers implements AutoCloseable {

    private final List<S3Connection> servers;
    private final StorageProperties properties;
    private final Map<S3Connection, S3Client> clients = new ConcurrentHashMap<>();

    public S3Servers(StorageProperties properties) {
        this.properties = properties;
        this.servers = properties.getS3Servers().stream().map(S3Connection::of).toList();
    }

    /** The configured server a URL designates an object of, if any. */
    public Optional<S3Connection> serving(URI url) {
        return servers.stream().filter(server -> server.serves(url)).findFirst();
    }

    public S3Client client(S3Connection server) {
        return clients.computeIfAbsent(server, s -> s.newClient(properties.getTransientRetry(),
                properties.getConnectTimeout()));
    }

    public List<S3Connection> servers() {
        return servers;
    }

    @Override
    public void close() {
        clients.values().forEach(S3Client::close);
        clients.clear();
    }
}
