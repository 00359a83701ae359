package io.camelworker.steps.storage;

import io.camelworker.storage.s3.S3Servers;
import io.camelworker.confinement.AllowedRoots;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.sandbox.Sandbox;
import io.camelworker.storage.Destination;
import io.camelworker.storage.DestinationFactory;
import io.camelworker.storage.FileTransfer;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.Sources;
import io.camelworker.storage.StorageProperties;
import io.camelworker.storage.s3.S3Access;
import io.camelworker.storage.s3.S3DestinationFactory;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.SynchronizationAdapter;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The {@code storage} component: fetching, verifying and storing files, and the two ends of a REGARDS store request,
 * used by name from a route ({@code to: storage:transfer}). Registered as a Spring bean named after its scheme, with the
 * services it needs. See {@code docs/storage-worker.md} and the generated {@code docs/components/storage.md}.
 */
@Component(StorageComponent.SCHEME)
public class StorageComponent extends DefaultComponent {

    /** The name the component is registered under. */
    public static final String SCHEME = "storage";

    /**
     * Exchange property (internal, not an input of any step): the S3 access a REGARDS store request brought. Its keys
     * never go in a header, since headers are logged by tracers, copied by routes and passed on by components; so
     * storage:read-request keeps the access here, and storage:transfer and storage:image-size use it for a directory
     * URL on its endpoint (the directory URL itself is a plain header). Closed when the exchange ends.
     */
    static final String S3_ACCESS = "CamelWorkerStorageS3Access";

    /**
     * Exchange property (internal): a source storage:read-request had to open to learn its size (small-file packaging),
     * handed over to storage:transfer rather than opened twice (an http(s) source would be downloaded twice). Taken only
     * while header StorageSourceUrl still names it; closed when the exchange ends in any case.
     */
    static final String OPENED_SOURCE = "CamelWorkerStorageOpenedSource";

    private final StoreRequestChecks checks;
    private final Sources sources;
    private final List<DestinationFactory> destinations;
    private final StorageProperties properties;
    private final AllowedRoots allowedRoots;
    private final Sandbox sandbox;
    private ExecutorService digesters;
    private FileTransfer transfer;

    /**
     * @param destinations every destination factory, in order: the first that supports a directory URL opens it
     * @param sandbox      where storage:image-size parses the stored image
     */
    public StorageComponent(RequestBodyReader reader, AllowedRoots allowedRoots, S3Servers s3Servers, Sources sources,
                            List<DestinationFactory> destinations, StorageProperties properties, Sandbox sandbox) {
        this.checks = new StoreRequestChecks(reader, allowedRoots, s3Servers, properties);
        this.sources = sources;
        this.destinations = List.copyOf(destinations);
        this.properties = properties;
        this.allowedRoots = allowedRoots;
        this.sandbox = sandbox;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!StorageEndpoint.STEPS.contains(remaining)) {
            throw new IllegalArgumentException("'" + uri + "': unknown storage step '" + remaining + "'; known: "
                    + String.join(", ", StorageEndpoint.STEPS));
        }
        StorageEndpoint.OPTIONS.checkApplicable(uri, remaining, parameters.keySet());
        StorageEndpoint endpoint = new StorageEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.configure(switch (remaining) {
            case StorageEndpoint.READ_REQUEST -> new ReadRequestStep(endpoint);
            case StorageEndpoint.TRANSFER -> new TransferStep(endpoint);
            case StorageEndpoint.IMAGE_SIZE -> new ImageSizeStep(endpoint);
            default -> new AnswerStep(endpoint);
        });
        return endpoint;
    }

    /** The threads that digest while files are copied: Camel's, created once, shut down with the Camel context. */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        digesters = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "StorageDigest");
        transfer = new FileTransfer(sources, (int) properties.getBufferSize().toBytes(), digesters);
    }

    @Override
    protected void doStop() throws Exception {
        if (digesters != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(digesters);
            digesters = null;
        }
        super.doStop();
    }

    StoreRequestChecks checks() {
        return checks;
    }

    Sources sources() {
        return sources;
    }

    StorageProperties properties() {
        return properties;
    }

    AllowedRoots allowedRoots() {
        return allowedRoots;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    FileTransfer transfer() {
        if (transfer == null) {
            throw new IllegalStateException("the storage component is not started");
        }
        return transfer;
    }

    /**
     * The destination of a file in a directory, by the first destination factory that takes the directory URL.
     *
     * @param field names the directory URL (a header, or a request field) in messages
     * @throws InvalidContentException naming the field when the URL is not valid or no factory takes it
     */
    Destination destination(Exchange exchange, String field, String directoryUrl, String filename) throws IOException {
        URI url;
        try {
            url = new URI(directoryUrl);
        } catch (URISyntaxException e) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(directoryUrl) + "' is not a valid URL: "
                    + e.getReason());
        }
        S3Access access = exchange.getProperty(S3_ACCESS, S3Access.class);
        for (DestinationFactory factory : destinations) {
            if (factory.supports(url)) {
                if (access != null && factory instanceof S3DestinationFactory s3 && access.connection().serves(url)) {
                    return s3.open(field, url, filename, access);
                }
                return factory.open(field, url, filename, RequestCancellation.orNever(
                        exchange.getProperty(RequestCancellation.PROPERTY, RequestCancellation.class)));
            }
        }
        throw new InvalidContentException(field + " '" + ShownUrl.of(directoryUrl) + "' is not a directory this worker "
                + "may write to: expected a file: directory inside worker.files.allowed-roots, an"
                + " http(s)://endpoint/bucket/prefix/ of a server of worker.storage.s3-servers, or a location of a"
                + " destination connector of the deployment");
    }

    /** Keeps the S3 access of a request for the steps that follow, and closes its client when the exchange ends. */
    static void keepS3Access(Exchange exchange, S3Access access) {
        exchange.setProperty(S3_ACCESS, access);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                access.close();
            }
        });
    }

    /** Hands an opened source over to storage:transfer; it is closed when the exchange ends whatever happens. */
    static void handOver(Exchange exchange, String url, SourceContent source) {
        exchange.setProperty(OPENED_SOURCE, new OpenedSource(url, source));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    source.close();
                } catch (IOException e) {
                    // already consumed or broken: nothing left to release
                }
            }
        });
    }

    /** The source handed over for this URL, or null; removed from the exchange in any case (it is read only once). */
    static SourceContent takeOpened(Exchange exchange, String url) {
        OpenedSource opened = exchange.getProperty(OPENED_SOURCE, OpenedSource.class);
        exchange.removeProperty(OPENED_SOURCE);
        return opened != null && opened.url().equals(url) ? opened.content() : null;
    }

    private record OpenedSource(String url, SourceContent content) {
    }
}
