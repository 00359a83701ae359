package io.camelworker.steps.archive;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Step {@code archive:read-request}: reads and checks the {@code LtaWorkerRequestDto} of the body, keeps it in header
 * {@value ArchiveHeaders#LTA_REQUEST}, and sets the body to its ZIP files, one map of plain values per archive
 * ({@link ProductArchive#toMap()}), for a split. It starts the request's {@link ExtractionAttempt}: one budget for all
 * the archives, and the removal of what the attempt extracted if it fails.
 */
final class ReadLtaRequestStep implements ArchiveStep {

    static final String NAME = "read-request";

    private final ExtractionWorkspace workspace;

    ReadLtaRequestStep(ExtractionWorkspace workspace) {
        this.workspace = workspace;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        LtaRequest request = LtaRequest.read(message.getBody(byte[].class));
        message.setBody(request.archives().stream().map(ProductArchive::toMap).toList());
        message.setHeader(ArchiveHeaders.LTA_REQUEST, request.text());
        ExtractionAttempt.start(exchange, workspace);
    }
}
