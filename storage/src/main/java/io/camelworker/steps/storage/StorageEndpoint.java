package io.camelworker.steps.storage;

import io.camelworker.steps.StepEndpoint;
import io.camelworker.steps.StepOptions;
import org.apache.camel.Category;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

import java.util.List;

/**
 * Stores files: storage:transfer fetches a source, verifies its digest on the way and stores it in a destination
 * directory, from any source to any destination the worker's connectors reach; storage:image-size measures the stored
 * image. storage:read-request and storage:answer are the two ends of a REGARDS store request (StorageWorkerRequestDto
 * in, StorageWorkerResponseDto out).
 *
 * <p>One endpoint class for all the steps, as Camel components with several operations have: each option says in its
 * label which steps it applies to, and an option given to a step it does not apply to stops the route from starting.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = StorageComponent.SCHEME, title = "Storage",
        syntax = "storage:step", producerOnly = true, remote = false,
        category = {Category.FILE, Category.CLOUD}, headersClass = StorageHeaders.class)
public class StorageEndpoint extends StepEndpoint {

    static final String READ_REQUEST = "read-request";
    static final String TRANSFER = "transfer";
    static final String IMAGE_SIZE = "image-size";
    static final String ANSWER = "answer";
    static final List<String> STEPS = List.of(READ_REQUEST, TRANSFER, IMAGE_SIZE, ANSWER);

    static final String DEFAULT_ALGORITHM = "MD5";
    /** Messages name the headers; a checksum mismatch is INVALID_CONTENT. */
    static final String ERRORS_HEADERS = "headers";
    /** Messages name the fields of the store request; a checksum mismatch is ERROR, as file-access expects. */
    static final String ERRORS_STORE_REQUEST = "store-request";

    @UriPath(enums = READ_REQUEST + "," + TRANSFER + "," + IMAGE_SIZE + "," + ANSWER,
            description = "The step: read-request reads and checks a REGARDS store request (the body) and plans where"
                    + " its file goes, setting the headers of transfer; transfer fetches the source, verifies its digest"
                    + " on the way and stores it, visible under its final name only once verified; image-size reads the"
                    + " width and height of the stored image from its header; answer makes the body the"
                    + " StorageWorkerResponseDto of the request.")
    @Metadata(required = true)
    private final String step;

    @UriParam(label = TRANSFER, defaultValue = DEFAULT_ALGORITHM,
            description = "Digest computed on the way and compared with header StorageChecksum: a JCA name such as MD5,"
                    + " SHA-1, SHA-256 or SHA-512; header StorageAlgorithm, when set, takes its place.")
    private String algorithm = DEFAULT_ALGORITHM;

    @UriParam(label = TRANSFER + "," + IMAGE_SIZE, defaultValue = ERRORS_HEADERS,
            enums = ERRORS_HEADERS + "," + ERRORS_STORE_REQUEST,
            description = "How failures are reported: headers, messages name the headers (StorageSourceUrl...) and a"
                    + " checksum mismatch is INVALID_CONTENT; store-request, after storage:read-request, messages name the"
                    + " fields of the REGARDS request (url...) and a checksum mismatch is ERROR, as file-access expects.")
    private String errors = ERRORS_HEADERS;

    private StorageStep implementation;

    StorageEndpoint(String uri, StorageComponent component, String step) {
        super(uri, component);
        this.step = step;
    }

    @Override
    public StorageComponent getComponent() {
        return (StorageComponent) super.getComponent();
    }

    public String getStep() { return step; }
    public String getAlgorithm() { return algorithm; }
    public void setAlgorithm(String algorithm) { this.algorithm = algorithm; }
    public String getErrors() { return errors; }
    public void setErrors(String errors) { this.errors = errors; }

    boolean reportsStoreRequest() {
        return ERRORS_STORE_REQUEST.equals(errors);
    }

    /** Makes the step of this endpoint once its options are set, and checks them. */
    void configure(StorageStep implementation) {
        implementation.checkOptions();
        this.implementation = implementation;
    }

    /** Which step takes which option: the labels of the options below. */
    static final StepOptions OPTIONS = StepOptions.of(StorageComponent.SCHEME, StorageEndpoint.class);

    @Override
    protected void process(Exchange exchange) throws Exception {
        implementation.process(exchange);
    }
}
