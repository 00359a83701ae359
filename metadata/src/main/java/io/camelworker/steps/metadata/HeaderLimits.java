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
 * @param maxImageBands  most bands (TIFF SamplesPerPixel) an image may claim: Apache SIS compares each band's
 *                       description with every earlier one, so its time grows with the square of the count (a 578-byte
 *                       TIFF claiming 9,217 bands took 28 s of CPU)
 */
public record HeaderLimits(long maxValueSize, long maxEntries, long maxImagePixels, long maxImageBands) {

    /** Settings that name each limit in refusals. */
    static final String VALUE_SIZE = "worker.metadata.max-header-value-size";
    static final String ENTRIES = "worker.metadata.max-header-entries";
    static final String IMAGE_PIXELS = "worker.metadata.max-image-pixels";
    static final String IMAGE_BANDS = "worker.metadata.max-image-bands";
}
