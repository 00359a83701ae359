package io.camelworker.files;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The directories the steps may touch ({@code worker.files.allowed-roots}). Paths from requests are confined to them:
 * no {@code ..}, and no symbolic link that leads out of them.
 */
public final class AllowedRoots {

    private final List<Path> roots;

    public AllowedRoots(List<Path> configured) {
        this.roots = configured.stream().map(root -> PathConfinement.realPath(root.toAbsolutePath().normalize())).toList();
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * Resolves a {@code file:} URL of a request to a path inside the roots.
     *
     * @param field names the request field in error messages, e.g. {@code urls[2]}
     * @throws InvalidContentException naming the field and the URL when it is not a local file URL inside the roots
     */
    public Path resolveFileUrl(String field, String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidContentException(field + " is empty; expected a file: URL");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' is not a valid URL: " + e.getReason());
        }
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' is not a file: URL");
        }
        if (uri.getPath() == null || uri.getQuery() != null || uri.getFragment() != null
                || (uri.getAuthority() != null && !"localhost".equalsIgnoreCase(uri.getAuthority()))) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' must be a local file URL such as file:///data/file.txt");
        }
        return confine(field, url, Paths.get(uri.getPath()));
    }

    /**
     * Checks that a path lies inside the roots, following symbolic links of the parts that exist.
     *
     * @param shown how the path appears in the request, for the error message
     */
    public Path confine(String field, String shown, Path path) {
        if (PathConfinement.hasParentSegment(path)) {
            throw new InvalidContentException(field + " '" + shown + "' contains '..'");
        }
        if (!path.isAbsolute()) {
            throw new InvalidContentException(field + " '" + shown + "' is not an absolute path");
        }
        if (roots.isEmpty()) {
            throw new InvalidContentException(field + " '" + shown + "' is refused: no allowed root is configured "
                    + "(worker.files.allowed-roots)");
        }
        Path normal = path.normalize();
        // Roots are real paths: comparing the real path of the request's path defeats links that lead out of a root.
        Path real = PathConfinement.realPath(normal);
        if (roots.stream().anyMatch(real::startsWith)) {
            return normal;
        }
        throw new InvalidContentException(field + " '" + shown + "' is outside the allowed roots " + roots);
    }
}
