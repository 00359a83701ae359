package io.camelworker.steps.storage;

import io.camelworker.files.AllowedRoots;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.storage.Destination;
import io.camelworker.storage.FileTransfer;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.Sources;
import io.camelworker.storage.StorageProperties;
import io.camelworker.storage.local.LocalDestination;
import io.camelworker.storage.s3.S3Connection;
import io.camelworker.storage.s3.S3Destination;
import io.camelworker.storage.s3.S3Servers;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Step {@code storeRequest}: reads a REGARDS store request ({@link StorageWorkerRequest}) and plans it: where the file
 * goes (local or S3, name per {@code fileNamingStrategy}), whether it is cached as a small file, and sets the
 * parameters of {@code transferFile} and {@code imageSize}. Every path from the request is checked here: a base
 * location outside {@code worker.files.allowed-roots} or a {@code destinationDirectory} leaving it is INVALID_CONTENT,
 * before anything is read or written, and so is an S3 destination whose endpoint is not one of
 * {@code worker.storage.s3-servers}.
 *
 * <p>Output (exchange properties): {@value #REQUEST} (the request), {@value #PLAN} (a {@link StorePlan}),
 * {@value #COMPUTE_IMAGE_SIZE} (boolean), and the {@code transfer*} parameters of {@link TransferFileStep}.
 */
public class StoreRequestStep implements Processor {

    public static final String REQUEST = "storeRequest";
    public static final String PLAN = "storePlan";
    public static final String COMPUTE_IMAGE_SIZE = "computeImageSize";

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private final RequestBodyReader reader;
    private final AllowedRoots allowedRoots;
    private final Sources sources;
    private final StorageProperties properties;
    private final S3Servers s3Servers;

    public StoreRequestStep(RequestBodyReader reader, AllowedRoots allowedRoots, Sources sources,
                            StorageProperties properties, S3Servers s3Servers) {
        this.s3Servers = s3Servers;
        this.reader = reader;
        this.allowedRoots = allowedRoots;
        this.sources = sources;
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        StorageWorkerRequest request = reader.read(exchange.getMessage().getBody(byte[].class), StorageWorkerRequest.class);
        FileTransfer.newDigest("algorithm", request.algorithm());
        if (!HEX.matcher(request.checksum()).matches()) {
            throw new InvalidContentException("checksum '" + request.checksum() + "' must be hexadecimal");
        }
        String checksum = request.checksum().toLowerCase(Locale.ROOT);
        String url = sourceUrl(request.url());
        String filename = switch (request.parameters().naming()) {
            case CHECKSUM -> checksum;
            case FILENAME -> filenameOf(url);
        };
        Destination destination = destination(exchange, request, filename);
        Destination target = destination;
        SourceContent opened = null;
        String cachePath = null;
        if (request.smallFilePackagingActivated() && properties.getSmallFileCache() != null) {
            LocalDestination cached = cacheDestination(exchange, request, filename);
            if (cached.holds(checksum, request.algorithm(), -1)) {
                target = cached;
            } else if (!destination.holds(checksum, request.algorithm(), -1)) {
                // Only an opened source tells its size; it is handed over to transferFile rather than opened twice.
                opened = sources.open("url", url);
                closeAtTheEnd(exchange, opened);
                if (opened.size() >= 0 && opened.size() <= properties.getSmallFileMaxSize().toBytes()) {
                    target = cached;
                }
            }
            if (target == cached) {
                cachePath = cached.file().toString();
            }
        }
        exchange.setProperty(REQUEST, request);
        exchange.setProperty(PLAN, new StorePlan(destination, target, cachePath));
        exchange.setProperty(COMPUTE_IMAGE_SIZE, request.imageSizeWanted());
        exchange.setProperty(TransferFileStep.SOURCE_URL, url);
        if (opened != null) {
            exchange.setProperty(TransferFileStep.SOURCE, opened);
        }
        exchange.setProperty(TransferFileStep.DESTINATION, target);
        exchange.setProperty(TransferFileStep.ALGORITHM, request.algorithm());
        exchange.setProperty(TransferFileStep.CHECKSUM, checksum);
    }

    /**
     * Where a request's file goes.
     *
     * @param destination the storage location named by the request
     * @param target      where the file is written: the destination, or the small-file cache
     * @param cachePath   the cached file when the file is handled as a small file, else null
     */
    public record StorePlan(Destination destination, Destination target, String cachePath) {
    }

    /** file-packager sends a plain path rather than a URL (payloads spec §1.3). */
    private static String sourceUrl(String url) {
        if (url.startsWith("/")) {
            try {
                return Path.of(url).toUri().toString();
            } catch (InvalidPathException e) {
                throw new InvalidContentException("url '" + ShownUrl.of(url) + "' is not a valid path: " + e.getReason());
            }
        }
        return url;
    }

    private static String filenameOf(String url) {
        String name;
        try {
            String path = new URI(url).getRawPath();
            name = path == null ? "" : URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new InvalidContentException("url '" + ShownUrl.of(url) + "' is not a valid URL");
        }
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.indexOf('\0') >= 0) {
            throw new InvalidContentException("url '" + ShownUrl.of(url) + "' has no file name to store the file under "
                    + "(parameters.fileNamingStrategy FILENAME)");
        }
        return name;
    }

    private Destination destination(Exchange exchange, StorageWorkerRequest request, String filename) {
        StorageWorkerRequest.Parameters parameters = request.parameters();
        if (parameters.storageConfigDto() != null) {
            return s3Destination(exchange, request, filename);
        }
        if (parameters.baseStorageLocationAsString() != null && !parameters.baseStorageLocationAsString().isBlank()) {
            Path base = baseLocation(parameters.baseStorageLocationAsString());
            return new LocalDestination(under("destinationDirectory", base, request.destinationDirectory(), true), filename,
                    properties.isSyncOnStore());
        }
        throw new InvalidContentException("parameters must hold baseStorageLocationAsString (local storage) or "
                + "storageConfigDto (S3 storage)");
    }

    private Path baseLocation(String location) {
        String field = "parameters.baseStorageLocationAsString";
        if (location.regionMatches(true, 0, "file:", 0, 5)) {
            return allowedRoots.resolveFileUrl(field, location);
        }
        try {
            return allowedRoots.confine(field, location, Path.of(location));
        } catch (InvalidPathException e) {
            throw new InvalidContentException(field + " '" + location + "' is not a valid path: " + e.getReason());
        }
    }

    private LocalDestination cacheDestination(Exchange exchange, StorageWorkerRequest request, String filename) {
        String tenant = exchange.getMessage().getHeader("regards.tenant", "default", String.class);
        // One directory per tenant: a tenant such as "a/b" would share the cache of tenant "a".
        if (tenant.isBlank() || tenant.contains("/") || tenant.contains("\\") || tenant.equals(".")
                || tenant.equals("..") || tenant.indexOf('\0') >= 0) {
            throw new InvalidContentException("regards.tenant '" + tenant + "' cannot name a directory of the small-file "
                    + "cache; expected a single path segment");
        }
        Path cache = properties.getSmallFileCache().toAbsolutePath().normalize();
        // The cache is the operator's directory, not the request's: it need not lie in the allowed roots.
        Path tenantCache = under("regards.tenant", cache, tenant, false);
        return new LocalDestination(under("destinationDirectory", tenantCache, request.destinationDirectory(), false),
                filename, properties.isSyncOnStore());
    }

    /** A directory of a request under a base directory, refused when it would lead out of it (.., links). */
    private Path under(String field, Path base, String directory, boolean confineToRoots) {
        Path resolved = base;
        try {
            for (String segment : segments(field, directory)) {
                resolved = resolved.resolve(segment);
            }
        } catch (InvalidPathException e) {
            throw new InvalidContentException(field + " '" + directory + "' is not a valid path: " + e.getReason());
        }
        Path normal = resolved.normalize();
        if (!normal.startsWith(base) || !AllowedRoots.realPath(normal).startsWith(AllowedRoots.realPath(base))) {
            throw new InvalidContentException(field + " '" + directory + "' leads out of the storage location " + base);
        }
        if (confineToRoots) {
            allowedRoots.confine(field, directory, normal);
        }
        return normal;
    }

    /** Segments of a request's directory; {@code /2024/01} is relative to the storage root, as in REGARDS. */
    private static List<String> segments(String field, String directory) {
        List<String> segments = new ArrayList<>();
        if (directory == null) {
            return segments;
        }
        for (String segment : directory.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new InvalidContentException(field + " '" + directory + "' contains '..'; it must stay inside "
                        + "the storage location");
            }
            if (segment.indexOf('\0') >= 0) {
                throw new InvalidContentException(field + " '" + directory + "' contains a NUL character");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private S3Destination s3Destination(Exchange exchange, StorageWorkerRequest request, String filename) {
        StorageWorkerRequest.Parameters parameters = request.parameters();
        StorageWorkerRequest.S3StorageConfig config = parameters.storageConfigDto();
        URI endpoint;
        try {
            endpoint = new URI(config.endpoint());
        } catch (URISyntaxException e) {
            throw new InvalidContentException("parameters.storageConfigDto.endpoint '" + ShownUrl.of(config.endpoint())
                    + "' is not a valid URL");
        }
        if (endpoint.getHost() == null || !("http".equalsIgnoreCase(endpoint.getScheme())
                || "https".equalsIgnoreCase(endpoint.getScheme()))) {
            throw new InvalidContentException("parameters.storageConfigDto.endpoint '" + ShownUrl.of(config.endpoint())
                    + "' must be an http(s) URL such as http://minio:9000");
        }
        // The keys may come from the request (REGARDS sends them), the server may not: else the worker would write
        // what it can read wherever a request says.
        s3Servers.requireConfiguredEndpoint("parameters.storageConfigDto.endpoint", endpoint);
        List<String> prefix = new ArrayList<>(segments("parameters.storageConfigDto.rootPath", config.rootPath()));
        prefix.addAll(segments("destinationDirectory", request.destinationDirectory()));
        S3Connection connection = new S3Connection(endpoint, config.region(), config.key(), config.secret());
        var client = connection.newClient(properties.getTransientRetry(), properties.getConnectTimeout());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                client.close();
            }
        });
        S3Destination.PartPlan plan = S3Destination.planParts(parameters.multipartThresholdMb(),
                parameters.nbParallelPartsUpload(), properties);
        return new S3Destination(client, connection, config.bucket(), String.join("/", prefix), filename, plan.partSize(),
                plan.parallelParts());
    }

    private static void closeAtTheEnd(Exchange exchange, SourceContent source) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    source.close();
                } catch (IOException e) {
                    // already consumed or broken: nothing left to release
                }
            }
        });
    }
}
