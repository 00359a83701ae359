package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.net.URI;

/**
 * Step {@code archive:extract}: fetches the archive named by the {@link ArchiveHeaders}, verifies its MD5 and extracts
 * it into {@code <workspace>/<tenant>/<request id>/<name>/content/} ({@link ExtractionWorkspace}), or reuses the
 * extraction an earlier delivery made of it. Hostile archives are refused ({@link ArchiveExtractor}); all the archives
 * of one attempt share its {@link ExtractionBudget} and are removed if it fails ({@link ExtractionAttempt}). Output: the
 * body becomes the {@link Extraction}, and headers {@value ArchiveHeaders#DIRECTORY},
 * {@value ArchiveHeaders#FILE_COUNT} and {@value ArchiveHeaders#REUSED} describe it.
 */
final class ExtractArchiveStep implements ArchiveStep {

    static final String NAME = "extract";
    static final String DEFAULT_FIELD = "archive";

    private final ExtractionWorkspace workspace;
    private final boolean allowEmpty;

    ExtractArchiveStep(ExtractionWorkspace workspace, boolean allowEmpty) {
        this.workspace = workspace;
        this.allowEmpty = allowEmpty;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        String url = message.getHeader(ArchiveHeaders.URL, String.class);
        if (url == null || url.isBlank()) {
            throw new InvalidContentException("header " + ArchiveHeaders.URL + " is empty; expected the URL of the archive"
                    + " to extract");
        }
        String name = nonBlank(message.getHeader(ArchiveHeaders.NAME, String.class), lastSegment(url));
        String field = nonBlank(message.getHeader(ArchiveHeaders.FIELD, String.class), DEFAULT_FIELD);
        ExtractionAttempt attempt = ExtractionAttempt.of(exchange, workspace);
        Extraction extraction = workspace.extract(WorkspaceKey.of(exchange), name, field, url,
                message.getHeader(ArchiveHeaders.CHECKSUM_MD5, String.class), attempt.budget());
        attempt.made(extraction);
        if (!allowEmpty && extraction.files().isEmpty()) {
            throw new InvalidContentException(field + " archive '" + url + "' holds no file to ingest");
        }
        message.setBody(extraction);
        message.setHeader(ArchiveHeaders.DIRECTORY, extraction.directory().toUri().toString());
        message.setHeader(ArchiveHeaders.FILE_COUNT, extraction.files().size());
        message.setHeader(ArchiveHeaders.REUSED, extraction.reused());
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static String lastSegment(String url) {
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            path = url;
        }
        if (path == null) {
            return "archive";
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
