package io.camelworker.steps.storage;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.PathConfinement;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.storage.FileTransfer;
import io.camelworker.storage.StorageProperties;
import io.camelworker.storage.s3.S3Access;
import io.camelworker.storage.s3.S3Connection;
import io.camelworker.storage.s3.S3Destination;
import io.camelworker.storage.s3.S3DestinationFactory;
import io.camelworker.storage.s3.S3Servers;

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
 * The checks of a REGARDS store request ({@link StorageWorkerRequest}), before anything is read or written: digest
 * algorithm and checksum, source URL, file name per {@code fileNamingStrategy}, and the storage location, which must be
 * a base location inside {@code worker.files.allowed-roots} (with a {@code destinationDirectory} that stays inside it)
 * or an S3 endpoint of {@code worker.storage.s3-servers}. Every refusal is INVALID_CONTENT naming the request field.
 */
class StoreRequestChecks {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private final RequestBodyReader reader;
    private final AllowedRoots allowedRoots;
    private final S3Servers s3Servers;
    private final StorageProperties properties;

    StoreRequestChecks(RequestBodyReader reader, AllowedRoots allowedRoots, S3Servers s3Servers,
                       StorageProperties properties) {
        this.reader = reader;
        this.allowedRoots = allowedRoots;
        this.s3Servers = s3Servers;
        this.properties = properties;
    }

    /**
     * A request that passed the checks.
     *
     * @param checksum     the expected checksum, lower-case
     * @param sourceUrl    the source as a URL (file-packager's plain paths turned into {@code file:} URLs)
     * @param filename     the name of the stored file
     * @param directoryUrl the storage directory of the request
     * @param s3Access     the S3 access the request brought for an S3 storage, else null
     */
    record CheckedRequest(StorageWorkerRequest request, String checksum, String sourceUrl, String filename,
                          URI directoryUrl, S3Access s3Access) {
    }

    CheckedRequest check(byte[] body) {
        StorageWorkerRequest request = reader.read(body, StorageWorkerRequest.class);
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
        StorageWorkerRequest.Parameters parameters = request.parameters();
        if (parameters.storageConfigDto() != null) {
            return s3Location(request, checksum, url, filename);
        }
        if (parameters.baseStorageLocationAsString() != null && !parameters.baseStorageLocationAsString().isBlank()) {
            Path base = baseLocation(parameters.baseStorageLocationAsString());
            Path directory = under("destinationDirectory", base, request.destinationDirectory(), true);
            return new CheckedRequest(request, checksum, url, filename, directoryUrl(directory), null);
        }
        throw new InvalidContentException("parameters must hold baseStorageLocationAsString (local storage) or "
                + "storageConfigDto (S3 storage)");
    }

    /** {@code file:/abs/dir/}, as REGARDS' LocalDataStorage writes directory URLs. */
    static URI directoryUrl(Path directory) {
        String path = directory.toUri().getRawPath();
        return URI.create("file:" + (path.endsWith("/") ? path : path + "/"));
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
        String name = lastSegment(url);
        if (name == null) {
            throw new InvalidContentException("url '" + ShownUrl.of(url) + "' is not a valid URL");
        }
        if (!isSegment(name)) {
            throw new InvalidContentException("url '" + ShownUrl.of(url) + "' has no file name to store the file under "
                    + "(parameters.fileNamingStrategy FILENAME)");
        }
        return name;
    }

    /** The last segment of a URL's path, decoded (empty when the path ends with /), or null when it is no URL. */
    static String lastSegment(String url) {
        try {
            String path = new URI(url).getRawPath();
            return path == null ? "" : URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1).replace("+", "%2B"),
                    StandardCharsets.UTF_8);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a name is one path segment: not empty, not {@code .} or {@code ..}, no separator, no NUL. */
    static boolean isSegment(String name) {
        return !(name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || name.indexOf('\0') >= 0);
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

    /** A directory of a request under a base directory, refused when it would lead out of it (.., links). */
    Path under(String field, Path base, String directory, boolean confineToRoots) {
        Path normal;
        try {
            // The storage location may hold what other processes wrote: links are followed.
            normal = PathConfinement.resolveFollowingLinks(base, directory, "/\\", escape -> new InvalidContentException(
                    field + " '" + directory + "' " + switch (escape) {
                        case NUL -> "contains a NUL character";
                        case PARENT -> "contains '..'; it must stay inside the storage location";
                        case OUTSIDE -> "leads out of the storage location " + base;
                    }));
        } catch (InvalidPathException e) {
            throw new InvalidContentException(field + " '" + directory + "' is not a valid path: " + e.getReason());
        }
        if (confineToRoots) {
            allowedRoots.confine(field, directory, normal);
        }
        return normal;
    }

    /** Segments of a request's directory; {@code /2024/01} is relative to the storage root, as in REGARDS. */
    static List<String> segments(String field, String directory) {
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

    private CheckedRequest s3Location(StorageWorkerRequest request, String checksum, String url, String filename) {
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
        S3Destination.PartPlan plan = S3Destination.planParts(parameters.multipartThresholdMb(),
                parameters.nbParallelPartsUpload(), properties);
        S3Access access = new S3Access(connection, plan, properties.getTransientRetry(), properties.getConnectTimeout());
        return new CheckedRequest(request, checksum, url, filename,
                S3DestinationFactory.directoryUrl(connection, config.bucket(), String.join("/", prefix)), access);
    }
}
