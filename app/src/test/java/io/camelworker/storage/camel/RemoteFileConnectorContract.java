package io.camelworker.storage.camel;

import io.camelworker.fixtures.InProcessFileServer;
import org.apache.camel.CamelContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The connector contract for camel-ftp's components (sftp, ftp) against an in-process server, whose directory
 * {@code archive} is declared as endpoint {@code archive}, and whose files the test reads from its local root.
 */
abstract class RemoteFileConnectorContract extends CamelEndpointConnectorContract {

    static final String DIRECTORY = "archive";
    static final String PASSWORD_PROPERTY = "archive.password";

    /** The subclass's server, started before all its tests with {@link #DIRECTORY} created. */
    abstract InProcessFileServer server();

    static void createDirectory(InProcessFileServer server) throws Exception {
        Files.createDirectories(server.root().resolve(DIRECTORY));
    }

    @Override
    CamelEndpointsProperties.Endpoint declare(CamelContext camel) {
        camel.getPropertiesComponent().addInitialProperty(PASSWORD_PROPERTY, server().password());
        CamelEndpointsProperties.Endpoint endpoint = new CamelEndpointsProperties.Endpoint();
        endpoint.setName(DIRECTORY);
        endpoint.setUrl(java.net.URI.create(declaredUrl()));
        endpoint.setUri(server().camelUri(DIRECTORY, PASSWORD_PROPERTY));
        return endpoint;
    }

    @Override
    String declaredUrl() {
        return server().url(DIRECTORY + "/");
    }

    @Override
    List<String> namesIn(String directory) throws Exception {
        Path path = local(directory);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** Regular files of the directory and of its {@code .partial/} directory of writes under way. */
    @Override
    List<String> leftovers(String directory) throws Exception {
        return namesIn(directory + RemoteFileDialect.PARTIAL_DIRECTORY);
    }

    @Override
    byte[] contentOf(String path) throws Exception {
        return Files.readAllBytes(local(path));
    }

    @Override
    void put(String path, byte[] content) throws Exception {
        Path file = local(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private Path local(String path) {
        return server().root().resolve(DIRECTORY).resolve(path);
    }
}
