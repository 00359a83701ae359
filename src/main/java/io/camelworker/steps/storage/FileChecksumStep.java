package io.camelworker.steps.storage;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.storage.FileTransfer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step {@code fileChecksum}: computes the digest of a URL's content, streaming, e.g. to check an input before
 * processing it.
 *
 * <p>Parameters (exchange properties): {@value #URL} (String, required, any scheme {@code sources} supports),
 * {@value #ALGORITHM} (JCA digest name, default MD5). Output: property {@value #RESULT}, a
 * {@code FileTransfer.TransferResult} (lower-case hex checksum, size).
 */
public class FileChecksumStep implements Processor {

    public static final String URL = "checksumUrl";
    public static final String ALGORITHM = "checksumAlgorithm";
    public static final String RESULT = "checksumResult";

    private final FileTransfer transfer;

    public FileChecksumStep(FileTransfer transfer) {
        this.transfer = transfer;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String url = exchange.getProperty(URL, String.class);
        if (url == null) {
            throw new InvalidContentException("url is missing; fileChecksum needs " + URL);
        }
        String algorithm = exchange.getProperty(ALGORITHM, TransferFileStep.DEFAULT_ALGORITHM, String.class);
        exchange.setProperty(RESULT, transfer.checksum("url", url, algorithm));
    }
}
