package io.camelworker.steps.delete;

import io.camelworker.files.AllowedRoots;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.steps.RequestBodyReader;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
 */
public class DeleteFilesStep implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteFilesStep.class);

    private final RequestBodyReader reader;
    private final AllowedRoots allowedRoots;

    public DeleteFilesStep(RequestBodyReader reader, AllowedRoots allowedRoots) {
        this.reader = reader;
        this.allowedRoots = allowedRoots;
    }

    @Override
    public void process(Exchange exchange) {
        DeleteFilesRequest request = reader.read(exchange.getMessage().getBody(byte[].class), DeleteFilesRequest.class);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < request.urls().size(); i++) {
            String url = request.urls().get(i);
            Path file = allowedRoots.resolveFileUrl("urls[" + i + "]", url);
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidContentException("urls[" + i + "] '" + url + "' is a directory; only files are deleted");
            }
            files.add(file);
        }
        List<String> deleted = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String url = request.urls().get(i);
            try {
                (Files.deleteIfExists(files.get(i)) ? deleted : absent).add(url);
            } catch (IOException e) {
                throw new ProcessingErrorException("cannot delete '" + url + "': " + e, e);
            }
        }
        LOG.info("Deleted {} file(s), {} already absent", deleted.size(), absent.size());
        exchange.getMessage().setBody(new DeleteFilesResult(deleted, absent));
    }
}
