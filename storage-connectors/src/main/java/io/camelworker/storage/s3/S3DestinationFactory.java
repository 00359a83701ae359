package io.camelworker.storage.s3;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.Destination;
import io.camelworker.storage.DestinationFactory;
import io.camelworker.storage.StorageProperties;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Directories of S3 buckets: {@code http(s)://<endpoint>/<bucket>/<prefix>/} of a server of
 * {@code worker.storage.s3-servers}, in one of its {@code buckets} when they are set, written with that server's keys.
 * A REGARDS store request brings its own keys for a configured endpoint: {@link #open(String, URI, String, S3Access)}.
 */
public class S3DestinationFactory implements DestinationFactory {

    private final S3Servers servers;
    private final StorageProperties properties;
    private final ExecutorService partUploads;

    /** @param partUploads the threads multipart uploads send their parts on; its owner shuts it down */
    public S3DestinationFactory(S3Servers servers, StorageProperties properties, ExecutorService partUploads) {
        this.servers = servers;
        this.properties = properties;
        this.partUploads = partUploads;
    }

    @Override
    public boolean supports(URI directoryUrl) {
        return servers.serving(directoryUrl).isPresent();
    }

    /** A destination written with the configured server's keys, parts as {@code worker.storage.*} bounds them. */
    @Override
    public Destination open(String field, URI directoryUrl, String filename) {
        S3Connection server = servers.serving(directoryUrl).orElseThrow(() -> new InvalidContentException(field + " '"
                + ShownUrl.of(directoryUrl) + "' is not a directory of a server of " + S3Servers.SETTING));
        Location location = location(field, server, directoryUrl);
        String refusal = servers.refusal(new S3ObjectUrl(server, location.bucket(), location.prefix()), directoryUrl);
        if (refusal != null) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(directoryUrl) + "' is refused: " + refusal);
        }
        S3Destination.PartPlan plan = S3Destination.planParts(null, null, properties);
        return new S3Destination(servers.client(server), server, location.bucket(), location.prefix(), filename,
                plan.partSize(), plan.parallelParts(), partUploads);
    }

    /**
     * A destination written with the keys and part plan a request brought, on the endpoint of a configured server (any
     * bucket: the keys decide).
     */
    public Destination open(String field, URI directoryUrl, String filename, S3Access access) {
        servers.requireConfiguredEndpoint(field, access.connection().endpoint());
        if (!access.connection().serves(directoryUrl)) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(directoryUrl) + "' is not on the endpoint "
                    + access.connection().endpoint() + " of the request");
        }
        Location location = location(field, access.connection(), directoryUrl);
        return new S3Destination(access.client(), access.connection(), location.bucket(), location.prefix(), filename,
                access.plan().partSize(), access.plan().parallelParts(), partUploads);
    }

    /** The directory URL of a bucket and key prefix (segments of the prefix separated by {@code /}). */
    public static URI directoryUrl(S3Connection server, String bucket, String prefix) {
        String path = server.basePath() + "/" + bucket + "/" + (prefix.isEmpty() ? "" : prefix + "/");
        try {
            return new URI(server.endpoint().getScheme(), server.endpoint().getRawAuthority(), path, null, null);
        } catch (java.net.URISyntaxException e) {
            throw new InvalidContentException("'" + path + "' cannot be written as a URL: " + e.getReason());
        }
    }

    private static Location location(String field, S3Connection server, URI directoryUrl) {
        String shown = field + " '" + ShownUrl.of(directoryUrl) + "'";
        if (directoryUrl.getRawQuery() != null || directoryUrl.getRawFragment() != null) {
            throw new InvalidContentException(shown + " must be a directory URL " + server.endpoint() + "/<bucket>/<prefix>/");
        }
        String rest = directoryUrl.getPath().substring(server.basePath().length() + 1);
        List<String> segments = new ArrayList<>();
        for (String segment : rest.split("/")) {
            if (segment.equals("..") || segment.indexOf('\0') >= 0) {
                throw new InvalidContentException(shown + " contains '..' or a NUL character");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            throw new InvalidContentException(shown + " names no bucket; expected " + server.endpoint()
                    + "/<bucket>/<prefix>/");
        }
        return new Location(segments.get(0), String.join("/", segments.subList(1, segments.size())));
    }

    private record Location(String bucket, String prefix) {
    }
}
