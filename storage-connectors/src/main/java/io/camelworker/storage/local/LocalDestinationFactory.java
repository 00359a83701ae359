package io.camelworker.storage.local;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.PathConfinement;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.Destination;
import io.camelworker.storage.DestinationFactory;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Local directories: {@code file:} directory URLs ({@code file:/abs/dir/}, {@code file:///abs/dir/}) inside
 * {@code worker.files.allowed-roots}, or inside one of the operator's own directories (the small-file cache), which
 * need not lie in the roots. Links leading out are refused as {@code ..} is; and since each use of a destination walks
 * its directory again from the root's handle, a link put on the path after this check is refused too.
 */
public class LocalDestinationFactory implements DestinationFactory {

    private final AllowedRoots allowedRoots;
    private final List<Path> operatorDirectories;
    /** The operator directories as roots: files under them are reached from their handles like under the roots. */
    private final AllowedRoots operatorRoots;
    private final boolean sync;

    /**
     * @param operatorDirectories directories of the configuration (not of requests) files may be written under too
     * @param sync                whether a file is flushed to the disk before it gets its final name
     */
    public LocalDestinationFactory(AllowedRoots allowedRoots, List<Path> operatorDirectories, boolean sync) {
        this.allowedRoots = allowedRoots;
        this.operatorDirectories = operatorDirectories.stream()
                .map(directory -> PathConfinement.realPath(directory.toAbsolutePath().normalize())).toList();
        this.operatorRoots = new AllowedRoots(operatorDirectories);
        this.sync = sync;
    }

    @Override
    public boolean supports(URI directoryUrl) {
        return "file".equalsIgnoreCase(directoryUrl.getScheme());
    }

    @Override
    public Destination open(String field, URI directoryUrl, String filename) {
        return open(field, directoryUrl, filename, RequestCancellation.orNever(null));
    }

    /**
     * The destination of a file in a directory confined to the allowed roots (or an operator directory), whose every
     * use walks again from the root's directory handle without links ({@link io.camelworker.confinement.DestinationDirectory}),
     * and which checks {@code cancellation} right before the rename that makes the file visible.
     */
    @Override
    public Destination open(String field, URI directoryUrl, String filename, RequestCancellation cancellation) {
        String name = requireFileName(filename);
        Path directory = directory(field, directoryUrl);
        String url = ShownUrl.of(directoryUrl);
        String shown = field + " '" + (url.endsWith("/") ? url : url + "/") + name + "'";
        AllowedRoots roots = underOperatorDirectory(directory) ? operatorRoots : allowedRoots;
        return new LocalDestination(directory, name, sync, roots.destinationDirectory(shown, directory), shown,
                cancellation);
    }

    /** The directory of a {@code file:} URL, confined to the allowed roots or to an operator directory. */
    public Path directory(String field, URI directoryUrl) {
        String shown = ShownUrl.of(directoryUrl);
        if (directoryUrl.getPath() == null || directoryUrl.getQuery() != null || directoryUrl.getFragment() != null
                || (directoryUrl.getAuthority() != null && !"localhost".equalsIgnoreCase(directoryUrl.getAuthority()))) {
            throw new InvalidContentException(field + " '" + shown + "' must be a local directory URL such as file:///data/store/");
        }
        Path path;
        try {
            path = Paths.get(directoryUrl.getPath());
        } catch (InvalidPathException e) {
            throw new InvalidContentException(field + " '" + shown + "' is not a valid path: " + e.getReason());
        }
        for (Path part : path) {
            if ("..".equals(part.toString())) {
                throw new InvalidContentException(field + " '" + shown + "' contains '..'");
            }
        }
        Path normal = path.normalize();
        if (underOperatorDirectory(normal)) {
            return normal;
        }
        return allowedRoots.confine(field, shown, normal);
    }

    private boolean underOperatorDirectory(Path normal) {
        Path real = PathConfinement.realPath(normal);
        return normal.isAbsolute() && operatorDirectories.stream().anyMatch(real::startsWith);
    }

    /** A file name is one path segment: no separator, no {@code .} or {@code ..}, no NUL. */
    static String requireFileName(String filename) {
        if (filename == null || filename.isEmpty() || filename.equals(".") || filename.equals("..")
                || filename.contains("/") || filename.contains("\\") || filename.indexOf('\0') >= 0) {
            throw new InvalidContentException("file name '" + filename + "' is not a single path segment");
        }
        return filename;
    }
}
