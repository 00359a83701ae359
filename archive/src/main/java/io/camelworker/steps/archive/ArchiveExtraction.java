package io.camelworker.steps.archive;

import java.util.List;

/**
 * Output of the {@code archive:extract} step: the body it sets.
 *
 * @param directory {@code file:} URL of the directory holding the extracted tree
 * @param files     the regular files extracted, sorted by path
 * @param reused    whether an earlier delivery of the request had already extracted it
 */
public record ArchiveExtraction(String directory, List<File> files, boolean reused) {

    /**
     * An extracted file.
     *
     * @param path        its path in the archive
     * @param url         its {@code file:} URL
     * @param filename    its file name
     * @param size        its size in bytes
     * @param checksumMd5 its MD5, lower-case hex
     * @param mimeType    its MIME type
     */
    public record File(String path, String url, String filename, long size, String checksumMd5, String mimeType) {
    }
}
