package io.camelworker.steps.archive;

/**
 * What one archive may extract to; an archive beyond any of them is refused as hostile.
 *
 * @param maxEntries    most entries (files and directories)
 * @param maxTotalBytes most bytes written, all entries together
 * @param maxRatio      highest ratio of bytes written to bytes read from the archive, per entry and overall
 * @param ratioMinBytes bytes written before the ratio is checked
 */
public record ExtractionLimits(int maxEntries, long maxTotalBytes, double maxRatio, long ratioMinBytes) {

    /** The defaults of {@link ExtractionProperties}. */
    public static ExtractionLimits defaults() {
        return new ExtractionProperties().limits();
    }
}
