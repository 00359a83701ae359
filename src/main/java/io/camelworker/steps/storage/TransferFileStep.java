package io.camelworker.steps.storage;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.storage.Destination;
import io.camelworker.storage.FileTransfer;
import io.camelworker.storage.SourceContent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step {@code transferFile}: streams a source into a destination, computing its digest on the way; with an expected
 * checksum, a mismatch is an ERROR naming the expected value (never the computed one) and leaves nothing at the
 * destination, and a destination that already holds the file is answered without copying it again.
 *
 * <p>Parameters (exchange properties): {@value #SOURCE_URL} (String, the URL to read, any scheme {@code sources}
 * supports) or {@value #SOURCE} (an already opened {@code SourceContent}); {@value #DESTINATION} (a
 * {@code Destination}, required); {@value #ALGORITHM} (JCA digest name, default MD5); {@value #CHECKSUM} (expected
 * hex checksum, optional). Output: property {@value #RESULT}, a {@code FileTransfer.TransferResult}. Sources are bounded
 * by {@code worker.storage.max-file-size}; an interrupted copy (the request's time budget) removes what it wrote.
 */
public class TransferFileStep implements Processor {

    public static final String SOURCE_URL = "transferSourceUrl";
    public static final String SOURCE = "transferSource";
    public static final String DESTINATION = "transferDestination";
    public static final String ALGORITHM = "transferAlgorithm";
    public static final String CHECKSUM = "transferChecksum";
    public static final String RESULT = "transferResult";
    public static final String DEFAULT_ALGORITHM = "MD5";

    private final FileTransfer transfer;

    public TransferFileStep(FileTransfer transfer) {
        this.transfer = transfer;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Destination destination = exchange.getProperty(DESTINATION, Destination.class);
        if (destination == null) {
            throw new IllegalStateException("transferFile needs the exchange property " + DESTINATION);
        }
        SourceContent opened = exchange.getProperty(SOURCE, SourceContent.class);
        String url = exchange.getProperty(SOURCE_URL, String.class);
        if (opened == null && url == null) {
            throw new InvalidContentException("url is missing; transferFile needs " + SOURCE_URL);
        }
        // The opened source is consumed here, whatever happens.
        exchange.removeProperty(SOURCE);
        String algorithm = exchange.getProperty(ALGORITHM, DEFAULT_ALGORITHM, String.class);
        exchange.setProperty(RESULT, transfer.transfer("url", url, opened, destination, algorithm,
                exchange.getProperty(CHECKSUM, String.class)));
    }
}
