package io.camelworker.storage.camel;

import io.camelworker.testing.InProcessSftp;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The SFTP connector (camel-ftp's sftp component) against an in-process MINA SSHD server. */
class SftpConnectorTest extends CamelEndpointConnectorContract {

    static InProcessSftp sftp;

    @BeforeAll
    static void startServer() throws Exception {
        sftp = InProcessSftp.start();
        Files.createDirectories(sftp.root().resolve("archive"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        sftp.close();
    }

    @Override
    CamelEndpointsProperties.Endpoint declare(CamelContext camel) {
        camel.getPropertiesComponent().addInitialProperty("sftp.password", sftp.password());
        CamelEndpointsProperties.Endpoint endpoint = new CamelEndpointsProperties.Endpoint();
        endpoint.setName("archive");
        endpoint.setUrl(java.net.URI.create(declaredUrl()));
        endpoint.setUri(sftp.camelUri("archive", "sftp.password"));
        return endpoint;
    }

    @Override
    String declaredUrl() {
        return sftp.url("archive/");
    }

    @Override
    List<String> namesIn(String directory) throws Exception {
        Path path = sftp.root().resolve("archive").resolve(directory);
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
        return Files.readAllBytes(sftp.root().resolve("archive").resolve(path));
    }

    @Override
    void put(String path, byte[] content) throws Exception {
        Path file = sftp.root().resolve("archive").resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}
