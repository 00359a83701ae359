package io.camelworker.steps.files;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.storage.FileDeleter;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Step {@code files:delete}: deletes the files of a delete-files request, as REGARDS' {@code SendDeleteFilesWorkerRequest}
 * sends it: every location of a SIP's files, local and remote mixed.
 *
 * <p>Input: the request body {@code {"urls":[...]}}. Every URL is checked before anything is deleted:
 * <ul>
 *   <li>a {@code file:} URL ({@code file:/abs} or {@code file:///abs}) is deleted when it lies inside
 *       {@code worker.files.allowed-roots}; outside them, with {@code ..}, through a symbolic link at any level of its
 *       path, or naming a directory, a FIFO, socket or device, it makes the whole request INVALID_CONTENT and nothing
 *       is deleted. The file is deleted by name relative to its directory's handle, reached again from the root
 *       without following any link ({@link AllowedRoots#deleteRegularFile}): a directory replaced by a link after the
 *       checks is refused (INVALID_CONTENT naming the URL), never followed;</li>
 *   <li>a URL a {@link FileDeleter} supports (an object of a configured S3 server) is checked and deleted by it, under
 *       the same rules;</li>
 *   <li>any other location (an {@code http://} URL of another server...) is left alone and listed in {@code skipped}.</li>
 * </ul>
 * A file already gone counts as absent, so a redelivery is harmless. Before each deletion the request's
 * {@link RequestCancellation} and the thread's interruption are checked: a request answered ERROR (its time spent, its
 * route abandoned) deletes nothing more. Output: the body becomes a {@link DeleteFilesResult},
 * and the {@link FilesHeaders} count it.
 */
class DeleteFilesStep implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteFilesStep.class);
    static final String NOT_OURS = "not a file: URL nor an object of a server in worker.storage.s3-servers; left alone";

    /** Tests only: run between the check of every URL and the first deletion, to swap a path there. Null otherwise. */
    static volatile Runnable afterChecks;

    private final RequestBodyReader reader;
    private final AllowedRoots allowedRoots;
    private final List<FileDeleter> deleters;

    DeleteFilesStep(RequestBodyReader reader, AllowedRoots allowedRoots, List<FileDeleter> deleters) {
        this.reader = reader;
        this.allowedRoots = allowedRoots;
        this.deleters = List.copyOf(deleters);
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        DeleteFilesRequest request = reader.read(exchange.getMessage().getBody(byte[].class), DeleteFilesRequest.class);
        List<Planned> plan = new ArrayList<>();
        List<DeleteFilesResult.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < request.urls().size(); i++) {
            String field = "urls[" + i + "]";
            String url = request.urls().get(i);
            if (url.regionMatches(true, 0, "file:", 0, 5)) {
                allowedRoots.checkDeletable(field, url);
                plan.add(new Planned(field, url, null, null));
                continue;
            }
            URI uri = parsedOrNull(url);
            FileDeleter deleter = uri == null ? null
                    : deleters.stream().filter(d -> d.supports(uri)).findFirst().orElse(null);
            String reason = deleter == null ? NOT_OURS : checked(deleter, field, url, uri);
            if (reason != null) {
                skipped.add(new DeleteFilesResult.Skipped(ShownUrl.of(url), reason));
            } else {
                plan.add(new Planned(field, url, deleter, uri));
            }
        }
        Runnable hook = afterChecks;
        if (hook != null) {
            hook.run();
        }
        RequestCancellation cancellation = RequestCancellation.orNever(
                exchange.getProperty(RequestCancellation.PROPERTY, RequestCancellation.class));
        List<String> deleted = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (Planned planned : plan) {
            // A request answered ERROR (its time spent, its route abandoned) deletes nothing more.
            cancellation.check("deleting " + planned.field());
            (planned.delete(allowedRoots, cancellation) ? deleted : absent).add(ShownUrl.of(planned.url()));
        }
        LOG.info("Deleted {} file(s), {} already absent, {} left alone", deleted.size(), absent.size(), skipped.size());
        exchange.getMessage().setBody(new DeleteFilesResult(deleted, absent, skipped));
        exchange.getMessage().setHeader(FilesHeaders.DELETED, deleted.size());
        exchange.getMessage().setHeader(FilesHeaders.ABSENT, absent.size());
        exchange.getMessage().setHeader(FilesHeaders.SKIPPED, skipped.size());
    }

    /** A deleter's check of a URL; a URL it cannot parse is the request's fault, not worth a retry. */
    private static String checked(FileDeleter deleter, String field, String url, URI uri) {
        try {
            return deleter.check(field, uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' is not a valid URL: " + e.getMessage());
        }
    }

    private static URI parsedOrNull(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() == null ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A URL to delete: a local file, or an object of a deleter. */
    private record Planned(String field, String url, FileDeleter deleter, URI uri) {

        boolean delete(AllowedRoots allowedRoots, RequestCancellation cancellation) throws IOException {
            if (deleter != null) {
                // A deleter's IOException is transient (server unavailable): the framework retries the request.
                return deleter.delete(field, uri, cancellation);
            }
            try {
                // Walked again from the root, no link followed: a directory replaced by a link since the check is
                // refused, not followed; the file is unlinked relative to its directory's handle.
                return allowedRoots.deleteRegularFile(field, url, cancellation);
            } catch (InvalidContentException e) {
                throw e;
            } catch (IOException e) {
                throw new ProcessingErrorException("cannot delete '" + ShownUrl.of(url) + "': " + e, e);
            }
        }
    }
}
