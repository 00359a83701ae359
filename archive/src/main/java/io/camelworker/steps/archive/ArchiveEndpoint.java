package io.camelworker.steps.archive;

import io.camelworker.steps.StepEndpoint;
import io.camelworker.steps.StepOptions;
import org.apache.camel.Category;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Extracts the archives of a request into the extraction workspace (worker.extraction.workspace), one directory per
 * tenant and request, refusing hostile archives (path traversal, links, devices, bombs, overlapping entries, too many
 * entries or bytes, encrypted, corrupt) as INVALID_CONTENT. For the REGARDS LTA workflow, archive:read-request gives
 * the ZIP files of the product to a split, archive:extract fetches, verifies and extracts each one, and archive:collect
 * writes the request back with the extracted files in their place.
 *
 * <p>One endpoint class for all the steps, as Camel components with several operations have: each option says in its
 * label which steps it applies to, and an option given to a step it does not apply to stops the route from starting.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = ArchiveComponent.SCHEME, title = "REGARDS Archive Extraction",
        syntax = "archive:step", producerOnly = true, remote = false, category = {Category.FILE},
        headersClass = ArchiveHeaders.class)
public class ArchiveEndpoint extends StepEndpoint {

    @UriPath(enums = ReadLtaRequestStep.NAME + "," + ExtractArchiveStep.NAME + "," + CollectExtractedFilesStep.NAME,
            description = "The step: read-request reads and checks the LtaWorkerRequestDto of the body and sets the body"
                    + " to its ZIP files, one map of plain values (url, checksumMd5, name, field) each, for a split;"
                    + " extract fetches the archive the headers name (downloaded unless it is a local file), verifies"
                    + " its MD5 and extracts it, or reuses the extraction an earlier delivery made, the body becoming"
                    + " the extracted files; collect writes the request back with each ZIP file replaced by the files"
                    + " extracted from it, from the list of extractions the split grouped.")
    @Metadata(required = true)
    private final String step;

    @UriParam(label = ExtractArchiveStep.NAME, defaultValue = "true",
            description = "Whether an archive holding no regular file passes (true) or is answered INVALID_CONTENT"
                    + " (false), as an LTA product's ZIP file must hold files to ingest.")
    private boolean allowEmpty = true;

    private ArchiveStep implementation;

    ArchiveEndpoint(String uri, ArchiveComponent component, String step) {
        super(uri, component);
        this.step = step;
    }

    public String getStep() { return step; }
    public boolean isAllowEmpty() { return allowEmpty; }
    public void setAllowEmpty(boolean allowEmpty) { this.allowEmpty = allowEmpty; }

    void configure(ArchiveStep implementation) {
        this.implementation = implementation;
    }

    /** Which step takes which option: the labels of the options above. */
    static final StepOptions OPTIONS = StepOptions.of(ArchiveComponent.SCHEME, ArchiveEndpoint.class);

    @Override
    protected void process(Exchange exchange) throws Exception {
        implementation.process(exchange);
    }
}
