package io.camelworker.steps.archive;

import io.camelworker.outcome.InvalidContentException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Step {@code extractArchive}: extracts one zip, tar or tar.gz archive into the extraction workspace, for any route.
 *
 * <p>Parameters, as headers: {@value #URL} (required) the archive's URL; {@value #CHECKSUM_MD5} (optional) its expected
 * MD5, a mismatch is ERROR; {@value #NAME} (optional) the extraction's directory name, by default the archive's file
 * name. The extraction goes to {@code <workspace>/<regards.tenant>/<regards.request.id>/<name>/content/}, is reused by a
 * redelivery and refuses hostile archives (see {@link ArchiveExtractor}); all the archives one exchange extracts share
 * one {@link ExtractionBudget}. Output: the body becomes an {@link ArchiveExtraction}.
 */
public class ExtractArchiveStep implements Processor {

    /** Header: URL of the archive to extract. */
    public static final String URL = "ArchiveUrl";
    /** Header: expected MD5 of the archive (hex). */
    public static final String CHECKSUM_MD5 = "ArchiveChecksumMd5";
    /** Header: directory name of the extraction in the request's directory. */
    public static final String NAME = "ArchiveName";
    /** Exchange property: the {@link ExtractionBudget} of the request, shared by every extraction it makes. */
    static final String BUDGET = "CamelWorkerExtractionBudget";

    private final ExtractionWorkspace workspace;

    public ExtractArchiveStep(ExtractionWorkspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        String url = message.getHeader(URL, String.class);
        if (url == null || url.isBlank()) {
            throw new InvalidContentException("header " + URL + " is empty; expected the URL of the archive to extract");
        }
        String name = message.getHeader(NAME, String.class);
        if (name == null || name.isBlank()) {
            name = lastSegment(url);
        }
        Extraction extraction = workspace.extract(WorkspaceKey.of(exchange), name, "archive", url,
                message.getHeader(CHECKSUM_MD5, String.class), budgetOf(exchange, workspace));
        List<ArchiveExtraction.File> files = extraction.files().stream()
                .map(f -> new ArchiveExtraction.File(f.path(), f.file().toUri().toString(), f.file().getFileName().toString(),
                        f.size(), f.checksumMd5(), MimeTypes.of(f.file())))
                .toList();
        message.setBody(new ArchiveExtraction(extraction.directory().toUri().toString(), files, extraction.reused()));
    }

    /** The budget of the exchange's request: the exchange's copies (a split) share it. */
    static ExtractionBudget budgetOf(Exchange exchange, ExtractionWorkspace workspace) {
        ExtractionBudget budget = exchange.getProperty(BUDGET, ExtractionBudget.class);
        if (budget == null) {
            budget = workspace.newBudget();
            exchange.setProperty(BUDGET, budget);
        }
        return budget;
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
