package io.camelworker.steps.files;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.storage.FileDeleter;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.List;
import java.util.Map;

/**
 * The {@code files} component: the delete-files worker's step, used by name from a route ({@code to: files:delete}).
 * Registered as a Spring bean named after its scheme, with the {@link FileDeleter}s of the storage connectors. See the
 * generated {@code docs/components/files.md}.
 */
@Component(FilesComponent.SCHEME)
public class FilesComponent extends DefaultComponent {

    /** The name the component is registered under. */
    public static final String SCHEME = "files";

    private final RequestBodyReader reader;
    private final AllowedRoots allowedRoots;
    private final List<FileDeleter> deleters;

    public FilesComponent(RequestBodyReader reader, AllowedRoots allowedRoots, List<FileDeleter> deleters) {
        this.reader = reader;
        this.allowedRoots = allowedRoots;
        this.deleters = List.copyOf(deleters);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!FilesEndpoint.DELETE.equals(remaining)) {
            throw new IllegalArgumentException("'" + uri + "': unknown files step '" + remaining + "'; known: "
                    + FilesEndpoint.DELETE);
        }
        FilesEndpoint endpoint = new FilesEndpoint(uri, this, remaining,
                new DeleteFilesStep(reader, allowedRoots, deleters));
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
