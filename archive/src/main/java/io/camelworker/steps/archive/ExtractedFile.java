package io.camelworker.steps.archive;

import java.nio.file.Path;

/**
 * A regular file extracted from an archive.
 *
 * @param path        its path in the archive, with {@code /} separators
 * @param file        where it was written
 * @param size        its size in bytes
 * @param checksumMd5 its MD5, lower-case hex
 */
public record ExtractedFile(String path, Path file, long size, String checksumMd5) {
}
