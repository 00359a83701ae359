package io.camelworker.storage.s3;

import io.camelworker.retry.Backoff;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;

/**
 * The S3 access a request brought (REGARDS sends the storage's endpoint, region and keys with each store request) and
 * how its parts are cut: one client, created on first use and closed with {@link #close()}. {@link #toString()} never
 * shows the keys.
 */
public final class S3Access implements AutoCloseable {

    private final S3Connection connection;
    private final S3Destination.PartPlan plan;
    private final Backoff retry;
    private final Duration connectTimeout;
    private S3Client client;

    public S3Access(S3Connection connection, S3Destination.PartPlan plan, Backoff retry, Duration connectTimeout) {
        this.connection = connection;
        this.plan = plan;
        this.retry = retry;
        this.connectTimeout = connectTimeout;
    }

    public S3Connection connection() {
        return connection;
    }

    public S3Destination.PartPlan plan() {
        return plan;
    }

    synchronized S3Client client() {
        if (client == null) {
            client = connection.newClient(retry, connectTimeout);
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public String toString() {
        return "S3Access[" + connection + ", " + plan + "]";
    }
}
