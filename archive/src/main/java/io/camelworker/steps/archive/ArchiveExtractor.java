package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The extraction engine: extracts a local zip, tar or tar.gz archive into an empty directory, streaming each entry to
 * disk and computing its MD5 on the way, and refuses hostile archives with an {@link InvalidContentException} naming the
 * entry and the limit. The format is recognised by its first bytes ({@link ArchiveFormat}) and read by its
 * {@link ArchiveReader}.
 *
 * <p>Refused: entry paths that would leave the directory or that the file system cannot hold ({@link EntryPaths}),
 * links, devices, fifos, encrypted or unsupported entries, corrupt data, zip entries sharing data, and more entries, bytes
 * or compression than the {@link ExtractionLimits}. Sizes and ratios are measured on the bytes actually read and
 * written ({@link EntryWriter}), never on the sizes the archive declares, and counted in the request's
 * {@link ExtractionBudget}. On refusal or interruption the directory holds a partial extraction: the caller extracts
 * into a temporary directory and deletes it.
 */
public class ArchiveExtractor {

    private final ExtractionLimits limits;
    private final ArchiveReader zip;
    private final ArchiveReader tar;
    private final ArchiveReader tarGz;

    /** An extractor that starts {@code parallelism - 1} threads of its own per zip (the command line, tests). */
    public ArchiveExtractor(ExtractionLimits limits, int parallelism) {
        this(limits, parallelism, null);
    }

    /**
     * @param parallelism threads extracting the entries of one zip, the calling one included
     * @param helpers     the threads that extract a zip's entries beside the calling one, shared by the requests of the
     *                    process (Camel's ExecutorServiceManager pool); null to start threads per zip
     */
    public ArchiveExtractor(ExtractionLimits limits, int parallelism, ExecutorService helpers) {
        this.limits = limits;
        EntryWriter writer = new EntryWriter(limits);
        this.zip = new ZipArchiveReader(limits, writer, new EntryThreads(parallelism, helpers));
        this.tar = new TarArchiveReader(limits, writer, false);
        this.tarGz = new TarArchiveReader(limits, writer, true);
    }

    /** Extracts an archive that is a request of its own into {@code target}, an existing empty directory. */
    public List<ExtractedFile> extract(Path archive, Path target) throws IOException {
        return extract(archive, target, new ExtractionBudget(limits));
    }

    /**
     * Extracts an archive into {@code target}, an existing empty directory.
     *
     * @param budget what the request this archive belongs to may still extract
     * @return the regular files extracted, sorted by path
     * @throws InvalidContentException when the archive is hostile, corrupt or of an unknown format
     * @throws InterruptedIOException  when the thread was interrupted (the request ran out of time): extraction stopped
     * @throws IOException             when writing fails (disk full...), worth retrying
     */
    public List<ExtractedFile> extract(Path archive, Path target, ExtractionBudget budget) throws IOException {
        try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ)) {
            return extract(channel, archive.getFileName().toString(), target, budget);
        }
    }

    /**
     * Extracts an open archive into {@code target}, an existing empty directory: the archive is read through this
     * channel only (never reopened by a path), and closed when done.
     *
     * @param name the archive's file name, for messages
     */
    public List<ExtractedFile> extract(FileChannel archive, String name, Path target, ExtractionBudget budget)
            throws IOException {
        String shown = "archive '" + name + "'";
        ArchiveFormat format;
        try {
            format = ArchiveFormat.of(archive, shown);
        } catch (ClosedChannelException e) {
            throw ReadFailures.corrupt(shown, e);
        }
        ArchiveReader reader = switch (format) {
            case ZIP -> zip;
            case TAR -> tar;
            case TAR_GZ -> tarGz;
        };
        List<ExtractedFile> sorted = new ArrayList<>(reader.extract(archive, shown, target.toAbsolutePath().normalize(),
                budget));
        sorted.sort(Comparator.comparing(ExtractedFile::path));
        return sorted;
    }
}
