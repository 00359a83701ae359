package io.camelworker.storage.camel;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One endpoint of {@code worker.storage.endpoints}: the URL prefix its files have in requests and answers, and the
 * Camel endpoint they are written and read through. Maps a URL under the prefix to the path the component uses
 * (relative to the endpoint's directory or container), refusing paths that would leave it.
 */
final class DeclaredEndpoint {

    private final String name;
    private final URI prefix;
    private final String uri;
    private final Duration readTimeout;
    private final ComponentDialect dialect;
    private final CamelContext context;

    DeclaredEndpoint(CamelEndpointsProperties.Endpoint declared, CamelContext context) {
        this.name = declared.getName();
        this.prefix = declared.getUrl();
        this.uri = declared.getUri();
        this.readTimeout = declared.getReadTimeout();
        this.dialect = ComponentDialect.forUri(uri);
        this.context = context;
    }

    /** The endpoint's name, which messages show instead of its URI. */
    String name() {
        return name;
    }

    ComponentDialect dialect() {
        return dialect;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    /** The endpoint writes go through (kept by the Camel context, created once). */
    Endpoint producerEndpoint() {
        return context.getEndpoint(dialect.producerUri(uri));
    }

    /** Whether the URL is under this endpoint's prefix (same scheme, host and port, path below the prefix's). */
    boolean covers(URI url) {
        return url.getScheme() != null && url.getScheme().equalsIgnoreCase(prefix.getScheme())
                && url.getHost() != null && url.getHost().equalsIgnoreCase(prefix.getHost())
                && url.getPort() == prefix.getPort() && url.getRawPath() != null
                && url.getRawPath().startsWith(prefix.getRawPath());
    }

    /**
     * The component's path of a URL this endpoint covers: its decoded path below the prefix.
     *
     * @param directory whether the URL names a directory (it may be the prefix itself, and ends with '/')
     * @throws InvalidContentException naming the field when a segment is empty, '.' or '..', holds a separator, or
     *                                 is a name the storage cannot name
     */
    String pathOf(String field, URI url, boolean directory) {
        String shown = field + " '" + ShownUrl.of(url) + "'";
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new InvalidContentException(shown + " must not have user info, a query or a fragment");
        }
        String relative = url.getRawPath().substring(prefix.getRawPath().length());
        if (directory) {
            if (relative.isEmpty()) {
                return "";
            }
            if (!relative.endsWith("/")) {
                relative = relative + "/";
            }
            relative = relative.substring(0, relative.length() - 1);
        }
        if (relative.isEmpty()) {
            throw new InvalidContentException(shown + " names the directory of endpoint '" + name + "', not a file");
        }
        StringBuilder path = new StringBuilder();
        for (String raw : relative.split("/", -1)) {
            // '+' is a plus in a path, not a space; an encoded '/' decodes to one and is refused below
            String segment = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            checkSegment(shown, segment);
            path.append(segment).append('/');
        }
        return directory ? path.toString() : path.substring(0, path.length() - 1);
    }

    /**
     * Checks a name of a request (a single path segment): it must name one entry of the directory, and one the storage
     * can name. Any other text is taken literally: it reaches the component as data, never as endpoint configuration.
     */
    void checkSegment(String shown, String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            throw new InvalidContentException(shown + " has an empty, '.' or '..' path segment; expected a path below "
                    + "the endpoint's directory");
        }
        if (segment.contains("/") || segment.contains("\\") || segment.indexOf('\0') >= 0) {
            throw new InvalidContentException(shown + " has a path segment with '/', '\\' or NUL in it");
        }
        String unnameable = dialect.unnameable(segment);
        if (unnameable != null) {
            throw new InvalidContentException(shown + " has a path segment that " + unnameable + "; rename the file");
        }
    }

    /** The URL of a component path ({@code ""} or ending with '/' for a directory). */
    String urlOf(String path) {
        StringBuilder url = new StringBuilder(prefix.toString());
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            url.append(URLEncoder.encode(segments[i], StandardCharsets.UTF_8).replace("+", "%20"));
            if (i < segments.length - 1) {
                url.append('/');
            }
        }
        return url.toString();
    }

    /** The path of the URL of a component path, as {@link io.camelworker.storage.Destination#parentPath} gives it. */
    String urlPathOf(String path) {
        return prefix.getPath() + path;
    }

    /** Opens a stored file, or returns null when there is none. */
    StoredFile open(String path) throws IOException {
        try {
            return dialect.open(context, uri, path, readTimeout);
        } catch (IOException e) {
            throw new IOException(failure("reading " + path, e), e);
        }
    }

    /** Removes a file when it exists. */
    void remove(String path) throws IOException {
        try {
            dialect.remove(context, uri, path, readTimeout);
        } catch (IOException e) {
            throw new IOException(failure("removing " + path, e), e);
        }
    }

    String failure(String what, Exception e) {
        return "endpoint '" + name + "' (" + dialect.scheme() + "): " + what + " failed: " + e.getMessage();
    }

    /** The scheme's component, as the start-up check requires it. */
    String scheme() {
        return dialect.scheme();
    }

    @Override
    public String toString() {
        return "endpoint '" + name + "' at " + ShownUrl.of(prefix) + " (" + dialect.scheme().toLowerCase(Locale.ROOT) + ")";
    }
}
