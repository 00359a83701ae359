package io.camelworker.storage.camel;

import io.camelworker.testing.InProcessFtp;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The FTP connector (camel-ftp's ftp component) against an in-process Apache FtpServer. */
class FtpConnectorTest extends CamelEndpointConnectorContract {

    static InProcessFtp ftp;

    @BeforeAll
    static void startServer() throws Exception {
        ftp = InProcessFtp.start();
        Files.createDirectories(ftp.root().resolve("archive"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        ftp.close();
    }

    @Override
    CamelEndpointsProperties.Endpoint declare(CamelContext camel) {
        camel.getPropertiesComponent().addInitialProperty("ftp.password", ftp.password());
        CamelEndpointsProperties.Endpoint endpoint = new CamelEndpointsProperties.Endpoint();
        endpoint.setName("archive");
        endpoint.setUrl(java.net.URI.create(declaredUrl()));
        endpoint.setUri(ftp.camelUri("archive", "ftp.password"));
        return endpoint;
    }

    @Override
    String declaredUrl() {
        return ftp.url("archive/");
    }

    @Override
    List<String> namesIn(String directory) throws Exception {
        Path path = ftp.root().resolve("archive").resolve(directory);
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
        return Files.readAllBytes(ftp.root().resolve("archive").resolve(path));
    }

    @Override
    void put(String path, byte[] content) throws Exception {
        Path file = ftp.root().resolve("archive").resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}
