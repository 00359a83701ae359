package io.camelworker.files;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;

import io.camelworker.outcome.ProcessingErrorException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

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
        Path path;
        try {
            path = Paths.get(uri.getPath());
        } catch (InvalidPathException e) {
            // A NUL character (%00) is no name any file system takes: the request's fault, never worth a retry.
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' is not a valid path: " + e.getReason());
        }
        return confine(field, url, path);
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

    /**
     * Opens the regular file of a {@code file:} URL of a request, once: from the allowed root's directory handle, one
     * segment at a time, refusing a symbolic link at every level ({@link SecureDirectoryStream}, {@code openat} with
     * {@code O_NOFOLLOW}), and checking that what was opened is the regular file that was checked. The caller reads,
     * digests and parses through the returned channel only.
     *
     * @throws InvalidContentException    naming the field when the URL is not a local file URL inside the roots, or
     *                                    names a link, a directory, a FIFO, socket or device
     * @throws ProcessingErrorException   when the file does not exist
     */
    public OpenedFile openRegularFile(String field, String url) throws IOException {
        Path path = resolveFileUrl(field, url);
        String shown = field + " '" + ShownUrl.of(url) + "'";
        Path root = roots.stream().filter(path::startsWith).findFirst()
                .orElseThrow(() -> new InvalidContentException(shown + " is outside the allowed roots " + roots
                        + " as written (links are not followed)"));
        Path relative = root.relativize(path);
        if (relative.getNameCount() == 0 || relative.toString().isEmpty()) {
            throw new InvalidContentException(shown + " is an allowed root itself; expected a file inside it");
        }
        SecureDirectoryStream<Path> directory = openDirectory(root, shown);
        try {
            for (int i = 0; i < relative.getNameCount() - 1; i++) {
                Path segment = relative.getName(i);
                BasicFileAttributes attributes = attributes(directory, segment, shown);
                if (!attributes.isDirectory()) {
                    throw new InvalidContentException(shown + ": '" + segment + "' is "
                            + (attributes.isSymbolicLink() ? "a symbolic link; links are refused at every level" : "not a directory"));
                }
                SecureDirectoryStream<Path> next = directory.newDirectoryStream(segment, LinkOption.NOFOLLOW_LINKS);
                directory.close();
                directory = next;
            }
            Path name = relative.getFileName();
            BasicFileAttributes checked = attributes(directory, name, shown);
            if (checked.isSymbolicLink()) {
                throw new InvalidContentException(shown + " is a symbolic link; links are refused at every level");
            }
            if (checked.isDirectory()) {
                throw new InvalidContentException(shown + " is a directory; expected a regular file");
            }
            if (!checked.isRegularFile()) {
                throw new InvalidContentException(shown + " is not a regular file (a FIFO, socket or device); it is not opened");
            }
            SeekableByteChannel channel = directory.newByteChannel(name,
                    Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            BasicFileAttributes opened = attributes(directory, name, shown);
            if (!opened.isRegularFile() || !java.util.Objects.equals(opened.fileKey(), checked.fileKey())) {
                channel.close();
                throw new InvalidContentException(shown + " was replaced while it was opened; it is not read");
            }
            return new OpenedFile(channel, checked.size(), checked.fileKey(), root, relative);
        } catch (NoSuchFileException e) {
            throw new ProcessingErrorException(shown + " does not exist");
        } finally {
            directory.close();
        }
    }

    /**
     * Opens, in a sandbox process, the file the worker opened as {@code identity}: the same walk without links from its
     * root, and a refusal when the file found there is not the one the worker checked (it was replaced since).
     *
     * @param field names the file in refusals
     */
    public static OpenedFile openSame(String field, FileIdentity identity) throws IOException {
        Path root = Path.of(identity.root());
        OpenedFile opened = new AllowedRoots(List.of(root)).openRegularFile(field,
                root.resolve(identity.relative()).toUri().toString());
        if (!String.valueOf(opened.fileKey()).equals(identity.fileKey())) {
            opened.close();
            throw new InvalidContentException(field + " was replaced after it was checked; it is not read");
        }
        return opened;
    }

    private static SecureDirectoryStream<Path> openDirectory(Path root, String shown) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IllegalStateException("the file system of " + root + " cannot open files relative to a directory "
                + "(no SecureDirectoryStream); " + shown + " is not opened");
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> directory, Path name, String shown)
            throws IOException {
        return directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }
}
