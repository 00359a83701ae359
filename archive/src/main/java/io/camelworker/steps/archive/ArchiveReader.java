package io.camelworker.steps.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/** Reads one archive format and extracts its entries, refusing what is hostile (see {@link ArchiveExtractor}). */
interface ArchiveReader {

    /**
     * Extracts an open archive (read with positional reads, or from its position 0) into {@code target}, an existing empty directory, in the normalised absolute form.
     *
     * @param shown  how the archive is named in error messages
     * @param budget what the request the archive belongs to may still extract
     * @return the regular files extracted, in any order
     */
    List<ExtractedFile> extract(FileChannel archive, String shown, Path target, ExtractionBudget budget) throws IOException;
}
