package io.camelworker.storage;

import io.camelworker.retry.Backoff;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.http.AllowedHosts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Settings of the storage connectors and steps ({@code worker.storage.*}). */
@ConfigurationProperties("worker.storage")
@Validated
public class StorageProperties {

    public static final DataSize DEFAULT_BUFFER_SIZE = DataSize.ofMegabytes(1);
    public static final DataSize DEFAULT_SMALL_FILE_MAX_SIZE = DataSize.ofMegabytes(1);
    public static final int DEFAULT_MAX_PARALLEL_PARTS = 4;
    /** Default bound of one source, download or extracted total: large products pass, an endless source stops early. */
    public static final DataSize DEFAULT_MAX_FILE_SIZE = DataSize.ofGigabytes(100);
    /** Redirects followed for one http(s) source: enough for a load balancer and a CDN hop, not for a loop. */
    public static final int DEFAULT_MAX_REDIRECTS = 5;

    /** S3 servers whose http(s) URLs are read (and deleted) with the S3 client and these credentials, not as plain HTTP. */
    @Valid
    private List<S3Server> s3Servers = new ArrayList<>();

    /** Which http(s) servers sources may be read from. */
    @Valid
    @NotNull
    private Http http = new Http();

    /**
     * Largest source, download or total extracted from the archives of one request; past it the request is refused as
     * soon as the limit is crossed, with nothing left behind.
     */
    @NotNull
    private DataSize maxFileSize = DEFAULT_MAX_FILE_SIZE;

    /** Copy buffer; the copy reads, digests and writes this many bytes at a time. */
    @NotNull
    private DataSize bufferSize = DEFAULT_BUFFER_SIZE;

    /** Flush a stored local file to the disk before it gets its final name, so that a crash never leaves a torn file. */
    private boolean syncOnStore = true;

    /** Directory small files are cached in when a request activates small-file packaging; unset = never cache. */
    private Path smallFileCache;

    /** Largest file (inclusive) cached as a small file when small-file packaging is activated. */
    @NotNull
    private DataSize smallFileMaxSize = DEFAULT_SMALL_FILE_MAX_SIZE;

    /** Upper bound of the parts uploaded at once to S3, whatever the request's nbParallelPartsUpload. */
    @Min(1)
    private int maxParallelParts = DEFAULT_MAX_PARALLEL_PARTS;

    /**
     * Memory one S3 upload may hold in part buffers (the part being filled and those uploading): the part size and the
     * parts uploaded at once are reduced to fit, whatever the request asks.
     */
    @NotNull
    private DataSize uploadMemory = DataSize.ofMegabytes(64);

    @AssertTrue(message = "worker.storage.upload-memory must be at least 10MB: two S3 parts of the minimum 5 MiB")
    public boolean isUploadMemoryEnough() {
        return uploadMemory == null || uploadMemory.toBytes() >= 2L * 5 * 1024 * 1024;
    }

    /** Retries of transient S3 and HTTP failures (5xx, SlowDown, connection refused or reset) inside one attempt. */
    @Valid
    private Backoff transientRetry = new Backoff(4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5));

    /** Timeout to connect to an HTTP or S3 server. */
    @NotNull
    private Duration connectTimeout = Duration.ofSeconds(10);

    /**
     * How long an HTTP source may send nothing (no response headers, or no body byte) before the read fails. A source
     * that trickles (one byte every few seconds) never trips it: worker.request-timeout bounds that case.
     */
    @NotNull
    private Duration readTimeout = Duration.ofSeconds(60);

    @AssertTrue(message = "worker.storage.buffer-size must be at least 64KB")
    public boolean isBufferSizeLargeEnough() {
        return bufferSize == null || bufferSize.toBytes() >= 64 * 1024;
    }

    @AssertTrue(message = "worker.storage.http.allowed-hosts entries must be 'host' or 'host:port' (port 1-65535), "
            + "without scheme or path")
    public boolean isHttpAllowedHostsValid() {
        return http == null || http.getAllowedHosts() == null
                || http.getAllowedHosts().stream().allMatch(AllowedHosts::isValidEntry);
    }

    public List<S3Server> getS3Servers() { return s3Servers; }
    public Http getHttp() { return http; }
    public void setHttp(Http http) { this.http = http; }
    public void setS3Servers(List<S3Server> s3Servers) { this.s3Servers = s3Servers; }
    public DataSize getMaxFileSize() { return maxFileSize; }
    public void setMaxFileSize(DataSize maxFileSize) { this.maxFileSize = maxFileSize; }
    public DataSize getBufferSize() { return bufferSize; }
    public void setBufferSize(DataSize bufferSize) { this.bufferSize = bufferSize; }
    public boolean isSyncOnStore() { return syncOnStore; }
    public void setSyncOnStore(boolean syncOnStore) { this.syncOnStore = syncOnStore; }
    public Path getSmallFileCache() { return smallFileCache; }
    public void setSmallFileCache(Path smallFileCache) { this.smallFileCache = smallFileCache; }
    public DataSize getSmallFileMaxSize() { return smallFileMaxSize; }
    public void setSmallFileMaxSize(DataSize smallFileMaxSize) { this.smallFileMaxSize = smallFileMaxSize; }
    public int getMaxParallelParts() { return maxParallelParts; }
    public void setMaxParallelParts(int maxParallelParts) { this.maxParallelParts = maxParallelParts; }
    public DataSize getUploadMemory() { return uploadMemory; }
    public void setUploadMemory(DataSize uploadMemory) { this.uploadMemory = uploadMemory; }
    public Backoff getTransientRetry() { return transientRetry; }
    public void setTransientRetry(Backoff transientRetry) { this.transientRetry = transientRetry; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public Duration getReadTimeout() { return readTimeout; }
    public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }

    /** An S3 server the worker reads sources from and deletes files on. */
    public static class S3Server {

        /** Endpoint as it appears in REGARDS URLs, e.g. http://minio:9000 (URLs are endpoint/bucket/key). */
        @NotNull
        private URI endpoint;

        /** Region to sign requests for. */
        @NotBlank
        private String region = "us-east-1";

        /** Access key of the worker on this server. */
        private String accessKey = "";

        /** Secret key of the worker on this server. */
        private String secretKey = "";

        /** Buckets sources may be read from and objects deleted in on this server; empty: any bucket. */
        @NotNull
        private List<String> buckets = new ArrayList<>();

        public URI getEndpoint() { return endpoint; }
        public void setEndpoint(URI endpoint) { this.endpoint = endpoint; }
        public String getRegion() { return region; }
        public void setRegion(String region) { this.region = region; }
        public String getAccessKey() { return accessKey; }
        public void setAccessKey(String accessKey) { this.accessKey = accessKey; }
        public String getSecretKey() { return secretKey; }
        public void setSecretKey(String secretKey) { this.secretKey = secretKey; }
        public List<String> getBuckets() { return buckets; }
        public void setBuckets(List<String> buckets) { this.buckets = buckets; }

        @Override
        public String toString() {
            // Keys stay out of logs and of Spring's binding error messages.
            return "S3Server[" + ShownUrl.of(endpoint) + ", " + region + "]";
        }
    }

    /** Reach of http(s) sources ({@code worker.storage.http.*}). */
    public static class Http {

        /**
         * Hosts http(s) sources may be read from and redirected to: {@code host} (any port) or {@code host:port};
         * empty: every http(s) source is refused.
         */
        @NotNull
        private List<String> allowedHosts = new ArrayList<>();

        /** Redirects followed for one source, each only to an allowed host and with the same scheme. */
        @Min(0)
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;

        public List<String> getAllowedHosts() { return allowedHosts; }
        public void setAllowedHosts(List<String> allowedHosts) { this.allowedHosts = allowedHosts; }
        public int getMaxRedirects() { return maxRedirects; }
        public void setMaxRedirects(int maxRedirects) { this.maxRedirects = maxRedirects; }
    }
}
