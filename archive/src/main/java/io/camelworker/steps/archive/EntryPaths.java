package io.camelworker.steps.archive;

import io.camelworker.confinement.PathConfinement;
import io.camelworker.outcome.InvalidContentException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The rules an archive entry's name must follow to be extracted: it stays inside the extraction directory, and it is
 * short enough for the file system (a name it refuses would fail the request as an I/O error, retried for nothing).
 */
final class EntryPaths {

    /** Longest name of one file or directory most file systems accept (NAME_MAX). */
    static final int MAX_SEGMENT_BYTES = 255;
    /** Longest entry path: with the workspace in front it must stay under Linux's 4096-byte PATH_MAX. */
    static final int MAX_PATH_BYTES = 2048;
    private static final int SHOWN_CHARACTERS = 120;
    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

    private EntryPaths() {
    }

    /**
     * The destination of an entry inside {@code target}, or a refusal when its name could lead elsewhere or is too long
     * for the file system. The name is checked as written in the archive, before any file system interpretation.
     */
    static Path confine(Path target, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidContentException("archive holds an entry with an empty name");
        }
        if (name.indexOf('\\') >= 0) {
            throw refused(name, "has a backslash in its name; only '/' separates directories");
        }
        if (name.startsWith("/")) {
            throw refused(name, "is an absolute path; entries must be relative");
        }
        if (DRIVE_LETTER.matcher(name).matches()) {
            throw refused(name, "starts with a drive letter; entries must be relative");
        }
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_PATH_BYTES) {
            throw refused(name, "has a path of " + length + " bytes, more than the limit of " + MAX_PATH_BYTES);
        }
        for (String segment : name.split("/")) {
            int segmentLength = segment.getBytes(StandardCharsets.UTF_8).length;
            if (segmentLength > MAX_SEGMENT_BYTES) {
                throw refused(name, "has a file name of " + segmentLength + " bytes, more than the limit of "
                        + MAX_SEGMENT_BYTES + " file systems accept");
            }
        }
        // The extraction directory is the worker's own, new for the attempt: the name is resolved as written.
        return PathConfinement.resolve(target, name, "/", escape -> refused(name, switch (escape) {
            case NUL -> "has a NUL character in its name";
            case PARENT -> "contains '..'; entries must stay inside the extraction directory";
            case OUTSIDE -> "escapes the extraction directory";
        }));
    }

    /** A refusal naming the entry; a very long name is shortened, with its length. */
    static InvalidContentException refused(String name, String why) {
        return new InvalidContentException("archive entry " + quoted(name) + " " + why);
    }

    /** The name between quotes, its beginning only when it is very long. */
    static String quoted(String name) {
        return name.length() <= SHOWN_CHARACTERS ? "'" + name + "'"
                : "'" + name.substring(0, SHOWN_CHARACTERS) + "…' (" + name.length() + " characters)";
    }
}
