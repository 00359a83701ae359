package io.camelworker.steps.delete;

import io.camelworker.files.AllowedRoots;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.steps.RequestBodyReader;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Step {@code deleteFiles}: deletes the files of a delete-files request.
 *
 * <p>Input: the request body {@code {"urls":[...]}}. Every URL is checked before anything is deleted: a URL that is not
 * a {@code file:} URL inside {@code worker.files.allowed-roots}, holds {@code ..} or names a directory makes the whole
 * request INVALID_CONTENT, and nothing is deleted. A file already gone counts as deleted, so a redelivery is harmless.
 * Output: the body becomes a {@link DeleteFilesResult}.
 *
 * <p>URLs a {@link FileDeleter} supports (e.g. objects of a configured S3 server) are checked and deleted by it, under
 * the same rules: all checked before any is deleted, an absent file counts as already deleted.
 */
public class DeleteFilesStep implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteFilesStep.class);

    private final RequestBodyReader reader;
    private final AllowedRoots allowedRoots;
    private final List<FileDeleter> deleters;

    public DeleteFilesStep(RequestBodyReader reader, AllowedRoots allowedRoots) {
        this(reader, allowedRoots, List.of());
    }

    public DeleteFilesStep(RequestBodyReader reader, AllowedRoots allowedRoots, List<FileDeleter> deleters) {
        this.reader = reader;
        this.allowedRoots = allowedRoots;
        this.deleters = List.copyOf(deleters);
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        DeleteFilesRequest request = reader.read(exchange.getMessage().getBody(byte[].class), DeleteFilesRequest.class);
        List<Path> files = new ArrayList<>();
        List<FileDeleter> deleterOfUrl = new ArrayList<>();
        for (int i = 0; i < request.urls().size(); i++) {
            String url = request.urls().get(i);
            FileDeleter deleter = deleterOf(url);
            deleterOfUrl.add(deleter);
            if (deleter != null) {
                deleter.check("urls[" + i + "]", URI.create(url));
                files.add(null);
                continue;
            }
            Path file = allowedRoots.resolveFileUrl("urls[" + i + "]", url);
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidContentException("urls[" + i + "] '" + ShownUrl.of(url) + "' is a directory; only files are deleted");
            }
            files.add(file);
        }
        List<String> deleted = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String url = request.urls().get(i);
            if (deleterOfUrl.get(i) != null) {
                // A deleter's IOException is transient (server unavailable): the framework retries the request.
                (deleterOfUrl.get(i).delete("urls[" + i + "]", URI.create(url)) ? deleted : absent).add(url);
                continue;
            }
            try {
                (Files.deleteIfExists(files.get(i)) ? deleted : absent).add(url);
            } catch (IOException e) {
                throw new ProcessingErrorException("cannot delete '" + ShownUrl.of(url) + "': " + e, e);
            }
        }
        LOG.info("Deleted {} file(s), {} already absent", deleted.size(), absent.size());
        exchange.getMessage().setBody(new DeleteFilesResult(deleted, absent));
    }

    private FileDeleter deleterOf(String url) {
        if (deleters.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(url);
            return deleters.stream().filter(d -> d.supports(uri)).findFirst().orElse(null);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
