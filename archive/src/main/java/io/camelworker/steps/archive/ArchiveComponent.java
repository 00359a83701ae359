package io.camelworker.steps.archive;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code archive} component: the archive extraction steps, used by name from a route ({@code to: archive:extract}).
 * Registered as a Spring bean named after its scheme, with the extraction workspace. See
 * {@code docs/archive-extraction-worker.md} and the generated {@code docs/components/archive.md}.
 */
@Component(ArchiveComponent.SCHEME)
public class ArchiveComponent extends DefaultComponent {

    /** The name the component is registered under. */
    public static final String SCHEME = "archive";

    private final ExtractionWorkspace workspace;
    private final List<CollectExtractedFilesStep.TypeRule> typeRules;

    /** With the type rules of {@code worker.extraction.type-rules}, which collect applies to the extracted files. */
    public ArchiveComponent(ExtractionWorkspace workspace, ExtractionProperties properties) {
        this(workspace, properties.getTypeRules().stream()
                .map(rule -> new CollectExtractedFilesStep.TypeRule(Pattern.compile(rule.getPattern()), rule.getType()))
                .toList());
    }

    ArchiveComponent(ExtractionWorkspace workspace, List<CollectExtractedFilesStep.TypeRule> typeRules) {
        this.workspace = workspace;
        this.typeRules = List.copyOf(typeRules);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!List.of(ReadLtaRequestStep.NAME, ExtractArchiveStep.NAME, CollectExtractedFilesStep.NAME).contains(remaining)) {
            throw new IllegalArgumentException("'" + uri + "': unknown archive step '" + remaining + "'; known: "
                    + String.join(", ", ReadLtaRequestStep.NAME, ExtractArchiveStep.NAME, CollectExtractedFilesStep.NAME));
        }
        ArchiveEndpoint.OPTIONS.checkApplicable(uri, remaining, parameters.keySet());
        ArchiveEndpoint endpoint = new ArchiveEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.configure(switch (remaining) {
            case ReadLtaRequestStep.NAME -> new ReadLtaRequestStep(workspace);
            case ExtractArchiveStep.NAME -> new ExtractArchiveStep(workspace, endpoint.isAllowEmpty());
            default -> new CollectExtractedFilesStep(typeRules);
        });
        return endpoint;
    }
}
