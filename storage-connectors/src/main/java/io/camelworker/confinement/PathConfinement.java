package io.camelworker.confinement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps paths that come from outside (a request's directory, an archive entry's name, a {@code file:} URL) inside the
 * directory they are meant for. The one place that decides what leads out of a directory: a NUL character, a
 * {@code ..} segment, a result outside it as written, and, where links are followed, a symbolic link that leads out.
 * Callers word the refusal, since they know the field and the directory it must stay in.
 */
public final class PathConfinement {

    /** Why a path was refused. */
    public enum Escape {
        /** A NUL character, which no file system accepts in a name. */
        NUL,
        /** A {@code ..} segment; refused even where it would stay inside, as REGARDS and zip tools expect. */
        PARENT,
        /** The resolved path lies outside the directory, as written or through a symbolic link. */
        OUTSIDE
    }

    private PathConfinement() {
    }

    /**
     * Resolves {@code relative} under {@code directory} as written, without looking at the file system: for names of
     * files that do not exist yet in a directory the worker itself creates (an extraction directory).
     *
     * @param separators the characters that separate segments, e.g. {@code "/"} or {@code "/\\"}; empty segments and
     *                   {@code .} are skipped, so a leading separator is relative to {@code directory}
     * @param refusal    the exception to throw for an escape
     * @return the normalized path, inside {@code directory}
     * @throws InvalidPathException when a segment is no valid name for the file system (the caller words it, with its
     *                              reason)
     */
    public static Path resolve(Path directory, String relative, String separators,
                               Function<Escape, ? extends RuntimeException> refusal) {
        // The kept segments are joined once: resolving them one at a time copies the path each time, which a request
        // of a few megabytes of segments would make quadratic.
        List<String> kept = new ArrayList<>();
        if (relative != null) {
            if (relative.indexOf('\0') >= 0) {
                throw refusal.apply(Escape.NUL);
            }
            for (String segment : segments(relative, separators)) {
                if (segment.equals("..")) {
                    throw refusal.apply(Escape.PARENT);
                }
                if (!segment.isEmpty() && !segment.equals(".")) {
                    kept.add(segment);
                }
            }
        }
        Path resolved = kept.isEmpty() ? directory
                : directory.resolve(directory.getFileSystem().getPath(kept.get(0), kept.subList(1, kept.size()).toArray(String[]::new)));
        Path normal = resolved.normalize();
        if (!normal.startsWith(directory.normalize())) {
            throw refusal.apply(Escape.OUTSIDE);
        }
        return normal;
    }

    /**
     * As {@link #resolve}, then also refuses a path that a symbolic link (of the parts that exist) leads out of
     * {@code directory}: for directories that requests or other processes may have written to.
     */
    public static Path resolveFollowingLinks(Path directory, String relative, String separators,
                                             Function<Escape, ? extends RuntimeException> refusal) {
        Path normal = resolve(directory, relative, separators, refusal);
        if (!isInside(normal, directory)) {
            throw refusal.apply(Escape.OUTSIDE);
        }
        return normal;
    }

    /** Whether {@code path} has a {@code ..} segment. */
    public static boolean hasParentSegment(Path path) {
        for (Path part : path) {
            if ("..".equals(part.toString())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code path} lies inside {@code directory}, symbolic links followed where they exist, on both. */
    public static boolean isInside(Path path, Path directory) {
        return realPath(path.toAbsolutePath().normalize()).startsWith(realPath(directory.toAbsolutePath().normalize()));
    }

    /**
     * The real path of the deepest existing ancestor, with the rest of the path appended: symbolic links are followed
     * where they exist, so that a confinement check on the result cannot be escaped through a link.
     */
    public static Path realPath(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            return path;
        }
    }

    private static String[] segments(String relative, String separators) {
        StringBuilder pattern = new StringBuilder("[");
        for (char separator : separators.toCharArray()) {
            pattern.append('\\').append(separator);
        }
        return relative.split(pattern.append(']').toString(), -1);
    }
}
