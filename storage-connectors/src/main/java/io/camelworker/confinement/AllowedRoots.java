package io.camelworker.confinement;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.outcome.ShownUrl;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SecureDirectoryStream;
import java.util.List;

/**
 * The directories the steps may touch ({@code worker.files.allowed-roots}). Paths from requests are confined to them:
 * no {@code ..}, and no symbolic link that leads out of them; the files that steps open or delete are reached from the
 * root's directory handle without following any link at all ({@link DirectoryHandle}).
 */
public final class AllowedRoots {

    /** The longest file name Linux file systems take ({@code NAME_MAX}); a longer one fails every open, for good. */
    static final int MAX_NAME_BYTES = 255;

    private final List<Path> roots;
    private final List<Root> configured;

    public AllowedRoots(List<Path> configured) {
        this.configured = configured.stream().map(root -> root.toAbsolutePath().normalize())
                .map(written -> new Root(written, PathConfinement.realPath(written))).toList();
        this.roots = this.configured.stream().map(Root::real).toList();
    }

    /** A root as the deployment wrote it (it may pass through a link of the operator's) and its real path. */
    private record Root(Path written, Path real) {
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
        for (Path segment : path) {
            if (segment.toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' has a segment longer than "
                        + MAX_NAME_BYTES + " bytes, which no file system here can name");
            }
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
     * {@code O_NOFOLLOW}), never blocking on a FIFO put in its place, and checking that what was opened is the regular
     * file that was checked ({@link DirectoryHandle#openRegularFile}). The caller reads, digests and parses through the
     * returned channel only.
     *
     * @throws InvalidContentException    naming the field when the URL is not a local file URL inside the roots, or
     *                                    names a link, a directory, a FIFO, socket or device
     * @throws ProcessingErrorException   when the file does not exist
     */
    public OpenedFile openRegularFile(String field, String url) throws IOException {
        InRoot file = locate(field, url);
        try (DirectoryHandle directory = file.directory()) {
            return directory.openRegularFile(file.name());
        } catch (NoSuchFileException e) {
            throw new ProcessingErrorException(file.shown() + " does not exist");
        }
    }

    /**
     * Checks, before anything is deleted, that a {@code file:} URL of a request names a regular file inside the roots
     * reached without any link, or nothing.
     *
     * @throws InvalidContentException naming the field when it is outside the roots, or a link, a directory, a FIFO,
     *                                 socket or device, at any level
     */
    public void checkDeletable(String field, String url) throws IOException {
        InRoot file = locate(field, url);
        try (DirectoryHandle directory = file.directory()) {
            directory.isRegularFileOrAbsent(file.name());
        } catch (NoSuchFileException e) {
            // a directory of the path is gone: so is the file
        }
    }

    /**
     * Deletes the regular file of a {@code file:} URL of a request by name, relative to its directory's handle reached
     * from the root without any link ({@link SecureDirectoryStream#deleteFile}): a directory of the path replaced by a
     * link since it was checked is refused, not followed.
     *
     * @param cancellation the request's, checked right before the file is unlinked
     * @return true if it was deleted, false if it was already absent
     * @throws InvalidContentException naming the field when it is outside the roots, or a link, a directory, a FIFO,
     *                                 socket or device, at any level
     */
    public boolean deleteRegularFile(String field, String url, RequestCancellation cancellation) throws IOException {
        InRoot file = locate(field, url);
        try (DirectoryHandle directory = file.directory()) {
            return directory.deleteRegularFile(file.name(), () -> cancellation.check("deleting " + file.shown()));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** A request's file inside a root, as written: its root (real path) and its path below it. */
    private record InRoot(Path root, Path relative, String shown) {

        Path name() {
            return relative.getFileName();
        }

        DirectoryHandle directory() throws IOException {
            Path parent = relative.getParent();
            return DirectoryHandle.walk(root, parent == null ? root.relativize(root) : parent, shown);
        }
    }

    private InRoot locate(String field, String url) {
        Path path = resolveFileUrl(field, url);
        String shown = field + " '" + ShownUrl.of(url) + "'";
        InRoot file = locate(shown, path);
        if (file.relative().toString().isEmpty()) {
            // the root itself
            throw new InvalidContentException(shown + " is a directory; expected a regular file");
        }
        return file;
    }

    private InRoot locate(String shown, Path path) {
        for (Root root : configured) {
            // The root as the deployment writes it, or its real path; the directory handle is opened on the real path.
            for (Path spelling : List.of(root.real(), root.written())) {
                if (path.startsWith(spelling)) {
                    return new InRoot(root.real(), spelling.relativize(path), shown);
                }
            }
        }
        throw new InvalidContentException(shown + " is outside the allowed roots " + roots
                + " as written (links are not followed)");
    }

    /**
     * The directory a request stores files into, reached from its root's directory handle without following any link
     * each time it is used ({@link DestinationDirectory}).
     *
     * @param shown     the request's field and the stored file's URL, for refusals:
     *                  {@code destination 'file:///data/store/a.dat'}
     * @param directory an absolute, normalized path, already confined by the caller ({@link #confine})
     * @throws InvalidContentException naming {@code shown} when the path, as written, is not below a root
     */
    public DestinationDirectory destinationDirectory(String shown, Path directory) {
        InRoot found = locate(shown, directory);
        return new DestinationDirectory(found.root(), found.relative(), shown);
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
}
