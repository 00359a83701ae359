package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.storage.StorageProperties;

/**
 * What one request may extract, all its archives together; an archive beyond any of them is refused as hostile.
 *
 * @param maxEntries    most entries (files and directories) of one archive
 * @param maxTotalBytes most bytes written by one request, all archives together
 * @param maxRatio      highest ratio of bytes written to bytes read from the archives, per entry, per archive and per
 *                      request
 * @param ratioMinBytes bytes written before the ratio is checked
 * @param maxFileSize   {@code worker.storage.max-file-size}: what any request may read or write, extractions included
 */
public record ExtractionLimits(int maxEntries, long maxTotalBytes, double maxRatio, long ratioMinBytes, long maxFileSize) {

    /** The defaults of {@link ExtractionProperties} and {@link StorageProperties}. */
    public static ExtractionLimits defaults() {
        return new ExtractionProperties().limits(StorageProperties.DEFAULT_MAX_FILE_SIZE);
    }

    /** Most bytes one request may extract: the smaller of the two settings. */
    long maxRequestBytes() {
        return Math.min(maxTotalBytes, maxFileSize);
    }

    /** The setting {@link #maxRequestBytes()} comes from, for error messages. */
    String maxRequestBytesSetting() {
        return maxTotalBytes <= maxFileSize ? "worker.extraction.max-total-bytes" : "worker.storage.max-file-size";
    }

    /**
     * Refuses a compression ratio above {@link #maxRatio}, once {@link #ratioMinBytes} were written.
     *
     * @param scope what the counts are of ({@code entry}, {@code archive at entry}, {@code request at entry})
     */
    void checkRatio(String scope, String name, long written, long read) {
        if (written > ratioMinBytes && written > maxRatio * Math.max(read, 1)) {
            throw new InvalidContentException(scope + " " + EntryPaths.quoted(name) + " exceeds the compression ratio limit of "
                    + maxRatio + " (worker.extraction.max-ratio): " + written + " bytes written from " + read
                    + " bytes read; a zip bomb?");
        }
    }
}
