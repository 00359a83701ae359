package io.camelworker.steps.archive;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.sandbox.Sandbox;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.Sources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The extraction workspace ({@code worker.extraction.workspace}): extracts archives of a request into
 * {@code <workspace>/<tenant>/<request>/<name>/content/}, idempotently and atomically. A local archive is opened once
 * here ({@link AllowedRoots#openRegularFile}), a remote one downloaded by the {@link ArchiveSource} and opened the same
 * way; a sandbox process ({@link ExtractArchiveTask}) opens that very file, digests and extracts it, never the worker's
 * heap; the extraction is marked finished by its manifest ({@link ExtractionManifests}).
 *
 * <p>An extraction is written into a sibling temporary directory {@code <name>.partial-<uuid>}, its manifest last, and
 * renamed into place when complete, so a directory under the final name is always whole. A redelivered request finds
 * the finished extraction of the same archive (same MD5) and reuses it without reading the archive again; temporary
 * directories or downloads left by a crashed attempt are deleted before the extraction is done again, and what was under
 * the final name is replaced only once the new extraction is complete: a refused attempt removes what it created, never
 * an earlier extraction.
 */
public class ExtractionWorkspace {

    private static final String CONTENT = ExtractionManifests.CONTENT;
    private static final String PARTIAL = ".partial-";
    private static final String DOWNLOAD = ".download-";
    private static final Logger LOG = LoggerFactory.getLogger(ExtractionWorkspace.class);

    private final Path root;
    private final ExtractionLimits limits;
    private final int parallelism;
    private final Sandbox sandbox;
    private final AllowedRoots allowedRoots;
    private final ArchiveSource source;
    private final ExtractionManifests manifests = new ExtractionManifests();

    /**
     * @param limits      what a request may extract
     * @param parallelism threads extracting the entries of one zip, in the sandbox process
     * @param sandbox     where archives are read and extracted: never in the worker's heap
     */
    public ExtractionWorkspace(Path root, ExtractionLimits limits, int parallelism, Sandbox sandbox, Sources sources,
                               AllowedRoots allowedRoots) {
        this.root = root.toAbsolutePath().normalize();
        this.limits = limits;
        this.parallelism = parallelism;
        this.sandbox = sandbox;
        this.allowedRoots = allowedRoots;
        this.source = new ArchiveSource(sources);
    }

    public Path root() {
        return root;
    }

    /** A budget for a new request: what all its archives may extract together. */
    public ExtractionBudget newBudget() {
        return new ExtractionBudget(limits);
    }

    /** The directory of a request's extractions. */
    public Path requestDirectory(WorkspaceKey key) {
        return root.resolve(safeName(key.tenant(), "no-tenant")).resolve(safeName(key.requestId(), "request"));
    }

    /**
     * Extracts the archive a URL points to, or finds it already extracted by an earlier delivery.
     *
     * @param key         the request the extraction belongs to (its directory names, sanitised)
     * @param name        the extraction's directory name in the request directory (sanitised)
     * @param field       names the archive in error messages, e.g. {@code product.files[0]}
     * @param url         where the archive is: a {@code file:} URL inside the allowed roots is read in place, anything
     *                    else supported by the {@link Sources} is downloaded next to the extraction first
     * @param checksumMd5 the expected MD5 of the archive, or null to skip the check
     * @param budget      what the request may still extract, all its archives together
     * @throws ProcessingErrorException when the archive's MD5 is not the expected one (naming both)
     * @throws InvalidContentException  when the archive is hostile or corrupt (naming the entry and the limit)
     * @throws java.io.InterruptedIOException when the thread was interrupted: what this call created is removed
     */
    public Extraction extract(WorkspaceKey key, String name, String field, String url, String checksumMd5,
                              ExtractionBudget budget) throws IOException {
        Path requestDirectory = requestDirectory(key);
        String unit = safeName(name, "archive");
        Path target = requestDirectory.resolve(unit);
        String expected = checksumMd5 == null ? null : checksumMd5.toLowerCase(Locale.ROOT);
        Files.createDirectories(requestDirectory);
        Path download = null;
        Path partial = requestDirectory.resolve(unit + PARTIAL + UUID.randomUUID());
        boolean extracted = false;
        try {
            removeLeftovers(requestDirectory, unit);
            boolean local = source.isLocal(field, url);
            Extraction done = expected != null ? reuse(target, expected, budget) : null;
            if (done != null) {
                extracted = true;
                return done;
            }
            String actual = null;
            if (!local) {
                // The real path: the download is opened below from its directory's handle, without following links.
                download = requestDirectory.toRealPath().resolve(unit + DOWNLOAD + UUID.randomUUID());
                actual = source.digest(field, url, download);
                checkChecksum(field, url, expected, actual);
                if (expected == null && (done = reuse(target, actual, budget)) != null) {
                    extracted = true;
                    return done;
                }
            }
            Files.createDirectories(partial.resolve(CONTENT));
            ExtractArchiveTask.Output output;
            // Opened once here (confined, no link followed, a regular file); the sandbox process opens that very file.
            try (OpenedFile archive = local ? allowedRoots.openRegularFile(field + " url", url)
                    : new AllowedRoots(List.of(download.getParent())).openRegularFile(field + " url",
                    download.toUri().toString())) {
                output = extractInSandbox(field, url, archive, partial.resolve(CONTENT), budget, actual == null, expected,
                        expected == null && actual == null ? manifests.archiveChecksum(target) : null);
                if (actual == null) {
                    actual = output.md5();
                    checkChecksum(field, url, expected, actual);
                    if (!output.extracted()) {
                        done = reuse(target, actual, budget);
                        if (done == null) {
                            output = extractInSandbox(field, url, archive, partial.resolve(CONTENT), budget, false, null, null);
                        }
                    }
                }
            }
            if (done != null) {
                extracted = true;
                return done;
            }
            budget.add(output.written(), output.read());
            List<ExtractedFile> files = output.files();
            manifests.write(partial, actual, files);
            replace(target, partial, requestDirectory.resolve(unit + PARTIAL + UUID.randomUUID()));
            extracted = true;
            LOG.info("Extracted {} file(s) of {} into {}", files.size(), field, target);
            return new Extraction(target.resolve(CONTENT), relocate(files, partial, target), false);
        } finally {
            deleteTree(partial);
            if (download != null) {
                Files.deleteIfExists(download);
            }
            if (!extracted) {
                deleteIfEmpty(requestDirectory);
            }
        }
    }

    private ExtractArchiveTask.Output extractInSandbox(String field, String url, OpenedFile archive, Path content,
                                                       ExtractionBudget budget, boolean digest, String expectedMd5,
                                                       String finishedMd5) throws IOException {
        String shown = field + " '" + ShownUrl.of(url) + "'";
        ExtractArchiveTask.Input input = new ExtractArchiveTask.Input(field + " url", archive.identity(), archive.name(),
                content.toString(), limits, parallelism, budget.spent(), digest, expectedMd5, finishedMd5);
        try {
            return sandbox.run(ExtractArchiveTask.class, input, shown);
        } catch (InvalidContentException e) {
            // The sandbox names the archive when it ran out of heap or crashed, opening it names the field; an entry's
            // refusal names the entry only.
            throw e.getMessage().startsWith(field) ? e : new InvalidContentException(shown + ": " + e.getMessage(), e);
        }
    }

    private static void checkChecksum(String field, String url, String expected, String actual) {
        if (expected != null && !expected.equals(actual)) {
            // The computed digest is not shown: a requester could learn the digest of a file it cannot read.
            throw new ProcessingErrorException(field + " checksumMd5 mismatch for '" + ShownUrl.of(url) + "': expected "
                    + expected + ", the archive's content differs");
        }
    }

    /**
     * Deletes the extractions an attempt made, once it failed, and the request's directory if nothing else is left in
     * it: an extraction this attempt reused (made by an earlier delivery) is not this attempt's to delete.
     */
    public void discard(WorkspaceKey key, List<Extraction> made) {
        for (Extraction extraction : made) {
            if (!extraction.reused()) {
                try {
                    deleteTree(extraction.directory().getParent());
                } catch (IOException e) {
                    LOG.warn("Cannot delete the extraction {}: {}", extraction.directory().getParent(), e.toString());
                }
            }
        }
        deleteIfEmpty(requestDirectory(key));
    }

    /**
     * Puts a complete extraction under its final name. A rename cannot replace a directory that is not empty: what is
     * there (another archive's extraction, a damaged one) is first moved aside under a temporary name, which a crash
     * would leave to {@link #removeLeftovers}.
     */
    private static void replace(Path target, Path complete, Path aside) throws IOException {
        boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (existed) {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE);
        if (existed) {
            deleteTree(aside);
        }
    }

    /** Deletes a directory that holds nothing; one another attempt still fills is left alone. */
    private static void deleteIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            // In use: what is in it is not ours.
        } catch (IOException e) {
            LOG.warn("Cannot delete the empty directory {}: {}", directory, e.toString());
        }
    }

    /** The finished extraction of the archive with this MD5, counted in the request's budget, or null. */
    private Extraction reuse(Path target, String archiveChecksumMd5, ExtractionBudget budget) {
        Extraction finished = manifests.finished(target, archiveChecksumMd5);
        if (finished != null) {
            budget.chargeReused(target.getFileName().toString(),
                    finished.files().stream().mapToLong(ExtractedFile::size).sum());
            LOG.info("Reusing the extraction in {} made by an earlier delivery", target);
        }
        return finished;
    }

    private static List<ExtractedFile> relocate(List<ExtractedFile> files, Path from, Path to) {
        return files.stream().map(f -> new ExtractedFile(f.path(), to.resolve(from.relativize(f.file())), f.size(),
                f.checksumMd5())).toList();
    }

    /** Temporary directories and downloads a crashed attempt left for this extraction. */
    private static void removeLeftovers(Path requestDirectory, String unit) throws IOException {
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(requestDirectory,
                p -> p.getFileName().toString().startsWith(unit + PARTIAL)
                        || p.getFileName().toString().startsWith(unit + DOWNLOAD))) {
            for (Path leftover : siblings) {
                LOG.info("Deleting {} left by an interrupted attempt", leftover);
                deleteTree(leftover);
            }
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // Walk does not follow links: a link is deleted, never what it points to.
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A directory name made of the given text: letters, digits, {@code . _ -} kept, anything else replaced by {@code _};
     * when something was replaced, a hash of the original keeps two different texts apart.
     */
    static String safeName(String text, String fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String safe = text.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.startsWith(".")) {
            safe = "_" + safe.substring(1);
        }
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        if (!safe.equals(text)) {
            byte[] hash = ArchiveSource.md5().digest(text.getBytes(StandardCharsets.UTF_8));
            safe += "-" + HexFormat.of().formatHex(hash).substring(0, 8);
        }
        return safe;
    }
}
