package io.camelworker.steps.archive;

import java.util.List;

/**
 * Written last into a finished extraction: which archive it came from and what it holds, so that a redelivered request
 * reuses it without reading the archive again.
 *
 * @param archiveChecksumMd5 MD5 of the archive, lower-case hex
 * @param files              the regular files extracted
 */
public record ExtractionManifest(String archiveChecksumMd5, List<Entry> files) {

    /**
     * One extracted file.
     *
     * @param path        its path in the archive, which is also its path under the content directory
     * @param size        its size in bytes
     * @param checksumMd5 its MD5, lower-case hex
     */
    public record Entry(String path, long size, String checksumMd5) {
    }
}
