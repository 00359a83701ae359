package io.camelworker.steps.metadata;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.retry.RetryPolicy;
import io.camelworker.retry.StopSignal;
import io.camelworker.storage.Interruptions;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.Sources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Reads product files through the service's {@link Sources}, trying each location of a file in turn, and trying again
 * with backoff when a file cannot be reached (an {@link IOException}); when the attempts are spent the request is
 * answered ERROR. A missing file (the reader's {@link ProcessingErrorException}) and a refused URL are not retried.
 * Every file read is bounded by {@code worker.storage.max-file-size} ({@link Sources} does it), and every copy loop
 * stops when the request's thread is interrupted (its time budget is spent).
 */
public final class ProductFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ProductFiles.class);

    private static final int COPY_BUFFER = 64 * 1024;

    private final Sources sources;
    private final AllowedRoots allowedRoots;
    private final MetadataProperties properties;
    private final RetryPolicy retry;

    /** @param sources bounds every file read by {@code worker.storage.max-file-size} */
    public ProductFiles(Sources sources, AllowedRoots allowedRoots, MetadataProperties properties) {
        this.sources = sources;
        this.allowedRoots = allowedRoots;
        this.properties = properties;
        this.retry = new RetryPolicy(properties.getSourceRetry());
    }

    /** What a step does with an opened file; it may throw IOException only for failures worth retrying. */
    @FunctionalInterface
    public interface StreamReader<T> {
        T read(SourceContent content) throws IOException;
    }

    /**
     * What a step does with a file opened once: it hands {@link OpenedFile#identity()} to a sandbox process, which opens
     * that very file, while the file stays open (and a temporary copy stays in place).
     */
    @FunctionalInterface
    public interface OpenedReader<T> {
        T read(OpenedFile file) throws IOException;
    }

    /** How messages name a product file: {@code files[0] 'x.tif'}. */
    public static String label(int index, ProductFeature.File file) {
        return "files[" + index + "] '" + file.filename() + "'";
    }

    /** Streams product file {@code index} to {@code reader}, from its first location that can be read. */
    public <T> T stream(int index, ProductFeature.File file, StreamReader<T> reader, StopSignal stop) {
        return withRetries(label(index, file), locations(index, file), url -> {
            try (SourceContent content = sources.open(url.field(), url.url())) {
                return reader.read(content);
            }
        }, stop);
    }

    /**
     * Gives {@code reader} product file {@code index} opened once: the file itself for a {@code file:} URL (opened from
     * its allowed root without following any link, {@link AllowedRoots#openRegularFile}), else a temporary copy in
     * {@code worker.metadata.work-directory}, bounded by {@code worker.storage.max-file-size}, deleted afterwards.
     */
    public <T> T opened(int index, ProductFeature.File file, OpenedReader<T> reader, StopSignal stop) {
        return withRetries(label(index, file), locations(index, file), located -> openOnce(located, file.filename(), reader), stop);
    }

    /** As {@link #opened(int, ProductFeature.File, OpenedReader, StopSignal)}, for one URL (a sidecar named {@code name}). */
    public <T> T opened(String field, String url, String name, OpenedReader<T> reader, StopSignal stop) {
        return withRetries(field, List.of(new FieldUrl(field, url)), located -> openOnce(located, name, reader), stop);
    }

    private <T> T openOnce(FieldUrl located, String name, OpenedReader<T> reader) throws IOException {
        if (located.url().regionMatches(true, 0, "file:", 0, 5)) {
            try (OpenedFile opened = allowedRoots.openRegularFile(located.field(), located.url())) {
                return reader.read(opened);
            }
        }
        // A real path: the copy is opened from it as written, links refused.
        Path directory = Files.createDirectories(properties.getWorkDirectory() != null ? properties.getWorkDirectory()
                : Path.of(System.getProperty("java.io.tmpdir"))).toRealPath();
        int dot = name.lastIndexOf('.');
        Path copy = Files.createTempFile(directory, "metadata-", dot < 0 ? ".tmp" : name.substring(dot));
        try {
            try (SourceContent content = sources.open(located.field(), located.url()); InputStream in = content.stream();
                 OutputStream out = Files.newOutputStream(copy)) {
                // Bounded by the Sources (worker.storage.max-file-size): the read that crosses it fails.
                Interruptions.copy(in, out, null, COPY_BUFFER, located.field() + " '" + ShownUrl.of(located.url()) + "'");
            }
            // Opened as a local file is: a sandbox process then opens this very copy by its identity.
            try (OpenedFile opened = new AllowedRoots(List.of(directory)).openRegularFile(located.field(), copy.toUri().toString())) {
                return reader.read(opened);
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** A file could not be reached within the attempts: answered ERROR, unlike a file that is known to be missing. */
    public static final class UnreachableException extends ProcessingErrorException {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A file's URL to read, and how to name it in messages. */
    record FieldUrl(String field, String url) {
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run(FieldUrl url) throws IOException;
    }

    private static List<FieldUrl> locations(int index, ProductFeature.File file) {
        String field = "files[" + index + "]";
        List<FieldUrl> urls = new java.util.ArrayList<>();
        for (int i = 0; i < file.locations().size(); i++) {
            String url = file.locations().get(i).url();
            if (url != null && !url.isBlank()) {
                urls.add(new FieldUrl(field + ".locations[" + i + "].url", url));
            }
        }
        if (urls.isEmpty()) {
            throw new InvalidContentException(field + ".locations has no url to read the file from");
        }
        return urls;
    }

    private <T> T withRetries(String field, List<FieldUrl> urls, Attempt<T> attempt, StopSignal stop) {
        try {
            return retry.call("reading " + field, stop, number -> attemptEachLocation(urls, attempt, number), (number, failure, pause) -> { });
        } catch (InterruptedIOException e) {
            // The request's time budget is spent: no retry, no other location.
            throw new ProcessingErrorException(field + " reading interrupted: " + ShownUrl.inText(e.getMessage()));
        } catch (IOException e) {
            throw new UnreachableException(field + " could not be read after " + retry.maxAttempts() + " attempt(s): "
                    + ShownUrl.inText(e.toString()), e);
        }
    }

    /**
     * One attempt: each location in turn until one is read. Throws the last {@link IOException} when a location could
     * not be reached (worth another attempt), or the first refusal when every location refused the file for good.
     */
    private <T> T attemptEachLocation(List<FieldUrl> urls, Attempt<T> attempt, int number) throws IOException {
        IOException unreachable = null;
        RuntimeException refused = null;
        for (FieldUrl url : urls) {
            try {
                return attempt.run(url);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                unreachable = e;
                LOG.warn("{} '{}' could not be read (attempt {} of {}): {}", url.field(), ShownUrl.of(url.url()), number,
                        retry.maxAttempts(), ShownUrl.inText(e.toString()));
            } catch (ProcessingErrorException | InvalidContentException e) {
                // Another location may still have the file; this one is refused for good.
                if (urls.size() == 1) {
                    throw e;
                }
                refused = refused == null ? e : refused;
            }
        }
        if (unreachable == null) {
            throw refused;
        }
        throw unreachable;
    }

    /** The URL of a file next to {@code url}: its last path segment (query and fragment dropped) replaced by {@code name}. */
    static String sibling(String url, String name) {
        String withoutQuery = url.replaceFirst("[?#].*$", "");
        return withoutQuery.substring(0, withoutQuery.lastIndexOf('/') + 1) + name;
    }
}
