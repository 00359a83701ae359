package io.camelworker.steps.metadata;

import io.camelworker.steps.RequestBodyReader;
import io.camelworker.retry.StopSignal;
import io.camelworker.sandbox.Sandbox;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.PropertiesHelper;

import java.util.List;
import java.util.Map;

/**
 * The {@code metadata} component: the metadata worker's steps, used by name from a route, each with its options
 * ({@code to: metadata:file-name?pattern=...}). Registered as a Spring bean named after its scheme, with the services
 * it needs. See {@code docs/metadata-worker.md} and the generated {@code docs/components/metadata.md}.
 */
@Component(MetadataComponent.SCHEME)
public class MetadataComponent extends DefaultComponent {

    /** The name the component is registered under. */
    public static final String SCHEME = "metadata";

    private final RequestBodyReader reader;
    private final ProductFiles files;
    private final FeatureUpdatePublisher publisher;
    private final FeatureManagerAnswers answers;
    private final MetadataProperties properties;
    private final Sandbox sandbox;
    private final StopSignal stop = new StopSignal();

    public MetadataComponent(RequestBodyReader reader, ProductFiles files, FeatureUpdatePublisher publisher,
                             FeatureManagerAnswers answers, MetadataProperties properties, Sandbox sandbox) {
        this.reader = reader;
        this.files = files;
        this.publisher = publisher;
        this.answers = answers;
        this.properties = properties;
        this.sandbox = sandbox;
    }

    /** The steps, extractors first, as errors list them. */
    static final List<String> STEPS = List.of(FileFactsExtractor.NAME, FileNameExtractor.NAME, GeospatialExtractor.NAME,
            ImageExtractor.NAME, SidecarExtractor.NAME, PublishUpdateStep.NAME);

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!STEPS.contains(remaining)) {
            throw new IllegalArgumentException("'" + uri + "': unknown metadata step '" + remaining + "'; known: "
                    + String.join(", ", STEPS));
        }
        MetadataEndpoint.OPTIONS.checkApplicable(uri, remaining, parameters.keySet());
        MetadataEndpoint endpoint = new MetadataEndpoint(uri, this, remaining);
        // Multi-valued options: one entry per mapped property, under the property's name.
        endpoint.setPropertySources(PropertiesHelper.extractProperties(parameters, PropertyMapping.PROPERTY_PREFIX));
        endpoint.setPropertyTypes(PropertiesHelper.extractProperties(parameters, PropertyMapping.TYPE_PREFIX));
        setProperties(endpoint, parameters);
        endpoint.configure(switch (remaining) {
            case FileFactsExtractor.NAME -> new FileFactsExtractor(endpoint);
            case FileNameExtractor.NAME -> new FileNameExtractor(endpoint);
            case GeospatialExtractor.NAME -> new GeospatialExtractor(endpoint);
            case ImageExtractor.NAME -> new ImageExtractor(endpoint);
            case SidecarExtractor.NAME -> new SidecarExtractor(endpoint);
            default -> new PublishUpdateStep(endpoint);
        });
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

    /** Where the extractors parse file content: never in the worker's heap. */
    Sandbox sandbox() {
        return sandbox;
    }

    StopSignal stopSignal() {
        return stop;
    }
}
