package io.camelworker.steps.archive;

import java.util.List;

/**
 * Written last into a finished extraction: which archive it came from and what it holds, so that a redelivered request
 * reuses it without reading the archive again.
 *
 * @param archiveChecksumMd5 MD5 of the archive, lower-case hex
 * @param files              the regular files extracted, without their {@link ExtractedFile.Location}
 */
public record ExtractionManifest(String archiveChecksumMd5, List<ExtractedFile> files) {
}
