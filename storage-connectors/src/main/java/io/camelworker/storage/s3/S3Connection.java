package io.camelworker.storage.s3;

import io.camelworker.retry.Backoff;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.StorageProperties;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach one S3 server: endpoint, region and keys. {@link #toString()} never shows the keys.
 *
 * @param endpoint the endpoint as REGARDS URLs start with it, without a trailing slash nor a {@code user:password@}
 *                 part (the SDK has no use for it, and it would end up in stored URLs, messages and logs)
 */
public record S3Connection(URI endpoint, String region, String accessKey, String secretKey) {

    public S3Connection {
        String text = ShownUrl.withoutUserInfo(endpoint.toString());
        endpoint = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /**
     * A client for this server: path-style addressing (REGARDS URLs are endpoint/bucket/key), the SDK's standard retry
     * of transient failures with our backoff, and checksums only where S3 requires them (S3-compatible servers differ).
     */
    public S3Client newClient(Backoff retry, Duration connectTimeout) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region == null || region.isBlank() ? "us-east-1" : region))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(connectTimeout))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(retry.getMaxAttempts())
                        .backoffStrategy(BackoffStrategy.exponentialDelay(retry.getInitialInterval(), retry.getMaxInterval()))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(retry.getInitialInterval(),
                                retry.getMaxInterval()))
                        .circuitBreakerEnabled(false)
                        .build()))
                .build();
    }

    /** Without an access key the requests go unsigned (a public bucket), rather than failing in the SDK. */
    private AwsCredentialsProvider credentials() {
        if (accessKey == null || accessKey.isBlank()) {
            return AnonymousCredentialsProvider.create();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey == null ? "" : secretKey));
    }

    /** Whether a URL designates an object of this server: same scheme, host, port, and path under the endpoint's. */
    public boolean serves(URI url) {
        return url.getScheme() != null && url.getScheme().equalsIgnoreCase(endpoint.getScheme())
                && url.getHost() != null && url.getHost().equalsIgnoreCase(endpoint.getHost())
                && port(url) == port(endpoint)
                && url.getRawPath() != null && url.getRawPath().startsWith(basePath() + "/");
    }

    /** Whether an endpoint (e.g. of a request) designates this server: same scheme, host, port and path. */
    public boolean hasEndpoint(URI other) {
        String path = other.getRawPath() == null ? "" : other.getRawPath().replaceAll("/+$", "");
        return other.getScheme() != null && other.getScheme().equalsIgnoreCase(endpoint.getScheme())
                && other.getHost() != null && other.getHost().equalsIgnoreCase(endpoint.getHost())
                && port(other) == port(endpoint) && path.equals(basePath());
    }

    /** The path of the endpoint itself (usually empty), under which bucket/key follow. */
    String basePath() {
        String path = endpoint.getRawPath();
        return path == null ? "" : path;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    public static S3Connection of(StorageProperties.S3Server server) {
        return new S3Connection(server.getEndpoint(), server.getRegion(), server.getAccessKey(), server.getSecretKey());
    }

    @Override
    public String toString() {
        return "S3Connection[" + endpoint + ", " + region + "]";
    }
}
