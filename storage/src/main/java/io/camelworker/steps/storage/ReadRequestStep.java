package io.camelworker.steps.storage;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.storage.Destination;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.StorageProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Step {@code storage:read-request}: reads a REGARDS store request (the body, {@link StorageWorkerRequest}), checks
 * it ({@link StoreRequestChecks}) and plans the store: the file goes to the request's storage directory, or, for a small
 * file when the request activates small-file packaging and {@code worker.storage.small-file-cache} is set, to the
 * tenant's directory of the cache. Sets the headers of storage:transfer (source, directory, name, checksum, algorithm)
 * and those of the answer; the request's own headers of those names are removed first.
 */
class ReadRequestStep extends StorageStep {

    /** The headers of the steps, which this step sets or removes: a request's own headers never stand in for them. */
    private static final List<String> OWN = List.of(StorageHeaders.SOURCE_URL, StorageHeaders.DIRECTORY_URL,
            StorageHeaders.FILE_NAME, StorageHeaders.CHECKSUM, StorageHeaders.ALGORITHM, StorageHeaders.STORED_URL,
            StorageHeaders.FILE_SIZE, StorageHeaders.COPIED, StorageHeaders.COMPUTE_IMAGE_SIZE,
            StorageHeaders.IMAGE_WIDTH, StorageHeaders.IMAGE_HEIGHT, StorageHeaders.PARENT_URL,
            StorageHeaders.PARENT_PATH, StorageHeaders.CACHE_PATH);

    ReadRequestStep(StorageEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        OWN.forEach(message::removeHeader);
        StoreRequestChecks.CheckedRequest checked = component().checks().check(message.getBody(byte[].class));
        StorageWorkerRequest request = checked.request();
        if (checked.s3Access() != null) {
            StorageComponent.keepS3Access(exchange, checked.s3Access());
        }
        Destination storage = component().destination(exchange, "destination", checked.directoryUrl().toString(),
                checked.filename());
        URI target = checked.directoryUrl();
        String cachePath = null;
        StorageProperties properties = component().properties();
        if (request.smallFilePackagingActivated() && properties.getSmallFileCache() != null) {
            Path cacheDirectory = cacheDirectory(message, request);
            URI cacheUrl = StoreRequestChecks.directoryUrl(cacheDirectory);
            Destination cached = component().destination(exchange, "small-file cache", cacheUrl.toString(),
                    checked.filename());
            boolean small = false;
            if (cached.holds(checked.checksum(), request.algorithm(), -1)) {
                small = true;
            } else if (!storage.holds(checked.checksum(), request.algorithm(), -1)) {
                // Only an opened source tells its size: it is handed over to storage:transfer rather than opened twice.
                SourceContent opened = component().sources().open("url", checked.sourceUrl());
                StorageComponent.handOver(exchange, checked.sourceUrl(), opened);
                small = opened.size() >= 0 && opened.size() <= properties.getSmallFileMaxSize().toBytes();
            }
            if (small) {
                target = cacheUrl;
                cachePath = cacheDirectory.resolve(checked.filename()).toString();
            }
        }
        message.setHeader(StorageHeaders.SOURCE_URL, checked.sourceUrl());
        message.setHeader(StorageHeaders.DIRECTORY_URL, target.toString());
        message.setHeader(StorageHeaders.FILE_NAME, checked.filename());
        message.setHeader(StorageHeaders.CHECKSUM, checked.checksum());
        message.setHeader(StorageHeaders.ALGORITHM, request.algorithm());
        message.setHeader(StorageHeaders.COMPUTE_IMAGE_SIZE, request.imageSizeWanted());
        message.setHeader(StorageHeaders.PARENT_URL, storage.parentUrl());
        message.setHeader(StorageHeaders.PARENT_PATH, storage.parentPath());
        if (cachePath != null) {
            message.setHeader(StorageHeaders.CACHE_PATH, cachePath);
        }
    }

    /** {@code <small-file-cache>/<tenant>/<destinationDirectory>}: one directory per tenant. */
    private Path cacheDirectory(Message message, StorageWorkerRequest request) {
        String tenant = message.getHeader(StorageHeaders.TENANT, "default", String.class);
        // One directory per tenant: a tenant such as "a/b" would share the cache of tenant "a".
        if (!StoreRequestChecks.isSegment(tenant) || tenant.isBlank()) {
            throw new InvalidContentException("regards.tenant '" + tenant + "' cannot name a directory of the small-file "
                    + "cache; expected a single path segment");
        }
        Path cache = component().properties().getSmallFileCache().toAbsolutePath().normalize();
        // The cache is the operator's directory, not the request's: it need not lie in the allowed roots.
        Path tenantCache = component().checks().under("regards.tenant", cache, tenant, false);
        return component().checks().under("destinationDirectory", tenantCache, request.destinationDirectory(), false);
    }
}
