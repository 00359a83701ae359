package io.camelworker.steps.metadata;

import io.camelworker.steps.RequestBodyReader;
import io.camelworker.transport.StopSignal;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * The {@code metadata} component: the metadata worker's steps, used by name from a route, each with its parameters
 * ({@code to: metadata:file-name?pattern=...}). See {@code docs/metadata-worker.md}.
 */
public class MetadataComponent extends DefaultComponent {

    /** The name the component is registered under. */
    public static final String SCHEME = "metadata";

    private final RequestBodyReader reader;
    private final ProductFiles files;
    private final FeatureUpdatePublisher publisher;
    private final FeatureManagerAnswers answers;
    private final MetadataProperties properties;
    private final StopSignal stop = new StopSignal();

    public MetadataComponent(RequestBodyReader reader, ProductFiles files, FeatureUpdatePublisher publisher,
                             FeatureManagerAnswers answers, MetadataProperties properties) {
        this.reader = reader;
        this.files = files;
        this.publisher = publisher;
        this.answers = answers;
        this.properties = properties;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        MetadataEndpoint endpoint = switch (remaining) {
            case FileFactsExtractor.NAME -> new FileFactsExtractor(uri, this);
            case FileNameExtractor.NAME -> new FileNameExtractor(uri, this);
            case GeospatialExtractor.NAME -> new GeospatialExtractor(uri, this);
            case ImageExtractor.NAME -> new ImageExtractor(uri, this);
            case SidecarExtractor.NAME -> new SidecarExtractor(uri, this);
            case PublishUpdateEndpoint.NAME -> new PublishUpdateEndpoint(uri, this);
            default -> throw new IllegalArgumentException("'" + uri + "': unknown metadata step '" + remaining + "'; known: "
                    + String.join(", ", FileFactsExtractor.NAME, FileNameExtractor.NAME, GeospatialExtractor.NAME,
                    ImageExtractor.NAME, SidecarExtractor.NAME, PublishUpdateEndpoint.NAME));
        };
        setProperties(endpoint, parameters);
        endpoint.checkParameters();
        return endpoint;
    }

    @Override
    protected void doStop() throws Exception {
        // Ends the pauses between reading attempts and publish retries: the request is left for redelivery.
        stop.raise();
        answers.stop();
        super.doStop();
    }

    RequestBodyReader reader() {
        return reader;
    }

    ProductFiles files() {
        return files;
    }

    FeatureUpdatePublisher publisher() {
        return publisher;
    }

    FeatureManagerAnswers answers() {
        return answers;
    }

    MetadataProperties properties() {
        return properties;
    }

    StopSignal stopSignal() {
        return stop;
    }
}
