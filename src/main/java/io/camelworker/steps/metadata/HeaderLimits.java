package io.camelworker.steps.metadata;

/**
 * What a file's header may claim before a format library (Apache SIS, metadata-extractor) reads it: those libraries
 * allocate what a header declares, so a few hundred crafted bytes can claim gigabytes and end the process.
 *
 * @param maxValueSize   largest single value a header may declare (a TIFF tag's values, a NetCDF attribute or name, a
 *                       PNG metadata chunk), in bytes; a value must also lie inside the file
 * @param maxEntries     most entries a header may list in all (TIFF IFD entries and IFDs, NetCDF dimensions,
 *                       attributes and variables, PNG metadata chunks)
 * @param maxImagePixels largest width × height an image may claim
 */
public record HeaderLimits(long maxValueSize, long maxEntries, long maxImagePixels) {

    /** Settings that name each limit in refusals. */
    static final String VALUE_SIZE = "worker.metadata.max-header-value-size";
    static final String ENTRIES = "worker.metadata.max-header-entries";
    static final String IMAGE_PIXELS = "worker.metadata.max-image-pixels";
}
