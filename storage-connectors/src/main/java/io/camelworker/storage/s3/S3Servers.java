package io.camelworker.storage.s3;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.StorageProperties;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The S3 servers of {@code worker.storage.s3-servers}, with one client each, created on first use: the only servers
 * sources are read from, objects deleted on, and files stored to.
 */
public class S3Servers implements AutoCloseable {

    static final String SETTING = "worker.storage.s3-servers";

    private final List<Configured> servers;
    private final StorageProperties properties;
    private final Map<S3Connection, S3Client> clients = new ConcurrentHashMap<>();

    public S3Servers(StorageProperties properties) {
        this.properties = properties;
        List<StorageProperties.S3Server> configured = properties.getS3Servers();
        this.servers = IntStream.range(0, configured.size())
                .mapToObj(i -> new Configured(S3Connection.of(configured.get(i)), List.copyOf(configured.get(i).getBuckets()), i))
                .toList();
    }

    /** The configured server a URL designates an object of, if any. */
    public Optional<S3Connection> serving(URI url) {
        return configuredServing(url).map(Configured::connection);
    }

    /**
     * Why an object of a configured server may not be touched, or null when it may: a bucket outside the server's
     * {@code buckets} (when set).
     */
    public String refusal(S3ObjectUrl object, URI url) {
        Configured server = configuredServing(url).orElseThrow();
        if (server.buckets().isEmpty() || server.buckets().contains(object.bucket())) {
            return null;
        }
        return "bucket '" + object.bucket() + "' is not in " + SETTING + "[" + server.index() + "].buckets "
                + server.buckets();
    }

    /**
     * Checks that an S3 destination of a request is a configured server; its keys may come from the request.
     *
     * @throws InvalidContentException naming the field, the endpoint and the setting otherwise
     */
    public void requireConfiguredEndpoint(String field, URI endpoint) {
        if (servers.stream().noneMatch(s -> s.connection().hasEndpoint(endpoint))) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(endpoint) + "' is not the endpoint of one of "
                    + SETTING + " " + servers.stream().map(s -> s.connection().endpoint().toString()).toList());
        }
    }

    public S3Client client(S3Connection server) {
        return clients.computeIfAbsent(server, s -> s.newClient(properties.getTransientRetry(),
                properties.getConnectTimeout()));
    }

    @Override
    public void close() {
        clients.values().forEach(S3Client::close);
        clients.clear();
    }

    private Optional<Configured> configuredServing(URI url) {
        return servers.stream().filter(server -> server.connection().serves(url)).findFirst();
    }

    /** @param index the position in {@code worker.storage.s3-servers}, for messages */
    private record Configured(S3Connection connection, List<String> buckets, int index) {
    }
}
