package io.camelworker.storage.local;

import io.camelworker.files.AllowedRoots;
import io.camelworker.files.PathConfinement;
import io.camelworker.outcome.InvalidContentException;
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
 * need not lie in the roots. Links leading out are refused as {@code ..} is.
 */
public class LocalDestinationFactory implements DestinationFactory {

    private final AllowedRoots allowedRoots;
    private final List<Path> operatorDirectories;
    private final boolean sync;

    /**
     * @param operatorDirectories directories of the configuration (not of requests) files may be written under too
     * @param sync                whether a file is flushed to the disk before it gets its final name
     */
    public LocalDestinationFactory(AllowedRoots allowedRoots, List<Path> operatorDirectories, boolean sync) {
        this.allowedRoots = allowedRoots;
        this.operatorDirectories = operatorDirectories.stream()
                .map(directory -> PathConfinement.realPath(directory.toAbsolutePath().normalize())).toList();
        this.sync = sync;
    }

    @Override
    public boolean supports(URI directoryUrl) {
        return "file".equalsIgnoreCase(directoryUrl.getScheme());
    }

    @Override
    public Destination open(String field, URI directoryUrl, String filename) {
        return new LocalDestination(directory(field, directoryUrl), requireFileName(filename), sync);
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
        Path real = PathConfinement.realPath(normal);
        if (path.isAbsolute() && operatorDirectories.stream().anyMatch(real::startsWith)) {
            return normal;
        }
        return allowedRoots.confine(field, shown, normal);
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
