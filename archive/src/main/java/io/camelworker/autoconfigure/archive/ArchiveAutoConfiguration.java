package io.camelworker.autoconfigure.archive;

import io.camelworker.autoconfigure.sandbox.SandboxAutoConfiguration;
import io.camelworker.autoconfigure.connectors.StorageConnectorsAutoConfiguration;
import io.camelworker.autoconfigure.ConditionalOnRouteScheme;
import io.camelworker.steps.archive.ArchiveComponent;
import io.camelworker.steps.archive.ExtractionProperties;
import io.camelworker.steps.archive.ExtractionWorkspace;
import io.camelworker.confinement.AllowedRoots;
import io.camelworker.sandbox.Sandbox;
import io.camelworker.storage.Sources;
import io.camelworker.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Wires archive extraction: the workspace and the {@code archive} component. */
@AutoConfiguration(after = {StorageConnectorsAutoConfiguration.class, SandboxAutoConfiguration.class})
@ConditionalOnRouteScheme("archive")
@EnableConfigurationProperties(ExtractionProperties.class)
public class ArchiveAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveAutoConfiguration.class);

    @Bean
    ExtractionWorkspace extractionWorkspace(ExtractionProperties properties, StorageProperties storage, Sources sources,
                                            AllowedRoots allowedRoots, Sandbox sandbox) {
        // Archives are read and extracted in the sandbox's processes, which start their zip threads themselves.
        ExtractionWorkspace workspace = new ExtractionWorkspace(properties.getWorkspace(),
                properties.limits(storage.getMaxFileSize()), properties.getParallelism(), sandbox, sources, allowedRoots);
        if (allowedRoots.roots().stream().noneMatch(workspace.root()::startsWith)) {
            LOG.info("Extraction workspace {} is not under worker.files.allowed-roots {}: steps of this process cannot "
                    + "read the extracted files back", workspace.root(), allowedRoots.roots());
        }
        return workspace;
    }

    @Bean(ArchiveComponent.SCHEME)
    ArchiveComponent archiveComponent(ExtractionWorkspace workspace, ExtractionProperties properties) {
        return new ArchiveComponent(workspace, properties);
    }
}
