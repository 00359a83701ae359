package io.camelworker.steps.files;

import io.camelworker.steps.StepEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriPath;

/**
 * Deletes the files of a REGARDS delete-files request (the input files of an ingested SIP): file: URLs inside
 * worker.files.allowed-roots and the objects of the storage connectors' servers (worker.storage.s3-servers); any other
 * location is left alone and listed as skipped. The body is the request, a JSON object with the list urls, and becomes
 * the SUCCESS content: the lists deleted, absent and skipped (each skipped URL with its reason).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = FilesComponent.SCHEME, title = "REGARDS Files",
        syntax = "files:step", producerOnly = true, remote = false, category = {Category.FILE},
        headersClass = FilesHeaders.class)
public class FilesEndpoint extends StepEndpoint {

    static final String DELETE = "delete";

    @UriPath(enums = DELETE,
            description = "The step: delete reads the request's URLs, checks every one of them before deleting any (a"
                    + " file: URL outside the allowed roots, with .., through a symbolic link at any level or naming"
                    + " anything but a regular file makes the whole request INVALID_CONTENT, nothing deleted), then"
                    + " deletes them by name through their directory's handle, reached again from the root without"
                    + " following any link; a file already gone counts as absent, so a redelivery is harmless.")
    @Metadata(required = true)
    private final String step;

    private final DeleteFilesStep implementation;

    FilesEndpoint(String uri, FilesComponent component, String step, DeleteFilesStep implementation) {
        super(uri, component);
        this.step = step;
        this.implementation = implementation;
    }

    public String getStep() {
        return step;
    }

    @Override
    protected void process(Exchange exchange) throws Exception {
        implementation.process(exchange);
    }
}
