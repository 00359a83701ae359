package io.camelworker.storage.camel;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.storage.Destination;
import io.camelworker.storage.FileSourceReader;
import io.camelworker.storage.DigestThreads;
import io.camelworker.storage.FileTransfer;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.Sources;
import io.camelworker.storage.StorageProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every Camel endpoint connector guarantees, against a real server: a file copied through {@link FileTransfer}
 * is under its final name with its content, a checksum mismatch leaves nothing (under the final name nor a temporary
 * one), {@code holds} tells a stored checksum from another, a source is read through the endpoint, and a URL outside
 * the declared prefixes is not the connector's.
 */
abstract class CamelEndpointConnectorContract {

    /** Several copy buffers and a last one that is not full. */
    static final int SIZE = 5 * 64 * 1024 + 123;

    @TempDir
    Path local;

    CamelContext camel;
    CamelEndpoints endpoints;
    CamelEndpointDestinationFactory destinations;
    CamelEndpointSourceReader reader;
    FileTransfer transfer;
    /** The directory of this test, under the declared prefix, so that tests do not see each other's files. */
    String directory;

    /** Declares the endpoint under test (name, url prefix, uri) and sets what its URI needs in the context. */
    abstract CamelEndpointsProperties.Endpoint declare(CamelContext camel) throws Exception;

    /** The names the server holds in a directory (a path below the endpoint's), temporary ones included. */
    abstract List<String> namesIn(String directory) throws Exception;

    /** The temporary files the server holds for a directory (none but during a write). */
    abstract List<String> leftovers(String directory) throws Exception;

    /** The content of a stored file, read directly from the server. */
    abstract byte[] contentOf(String path) throws Exception;

    /** Puts a file on the server directly. */
    abstract void put(String path, byte[] content) throws Exception;

    @BeforeEach
    void startConnector() throws Exception {
        camel = new DefaultCamelContext();
        CamelEndpointsProperties properties = new CamelEndpointsProperties();
        properties.getEndpoints().add(declare(camel));
        camel.start();
        endpoints = new CamelEndpoints(properties, camel);
        destinations = new CamelEndpointDestinationFactory(endpoints);
        reader = new CamelEndpointSourceReader(endpoints);
        transfer = new FileTransfer(new Sources(List.of(new FileSourceReader(new AllowedRoots(List.of(local))),
                reader), StorageProperties.DEFAULT_MAX_FILE_SIZE), 64 * 1024, DigestThreads.pool());
        directory = "t-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    @AfterEach
    void stopConnector() {
        endpoints.close();
        camel.stop();
    }

    abstract String declaredUrl();

    @Test
    void storesTheFileUnderItsFinalNameWithItsContent() throws Exception {
        byte[] content = random(SIZE);
        Destination destination = destinations.open("directory", URI.create(declaredUrl() + directory), "a b.bin");

        FileTransfer.TransferResult result = transfer.transfer("url", source(content), null, destination, "MD5",
                md5(content), new RequestCancellation());

        assertThat(result.copied()).isTrue();
        assertThat(result.size()).isEqualTo(SIZE);
        assertThat(result.url()).isEqualTo(declaredUrl() + directory + "a%20b.bin");
        assertThat(contentOf(directory + "a b.bin")).isEqualTo(content);
        assertThat(namesIn(directory)).contains("a b.bin");
        assertThat(leftovers(directory)).isEmpty();
    }

    @Test
    void aRequestCancelledBeforeTheCommitStoresNothing() throws Exception {
        byte[] content = random(SIZE);
        Destination destination = destinations.open("directory", URI.create(declaredUrl() + directory), "c.bin");
        RequestCancellation cancellation = new RequestCancellation();
        cancellation.cancel("the request's time is spent");

        assertThatThrownBy(() -> transfer.transfer("url", source(content), null, destination, "MD5", md5(content),
                cancellation))
                .isInstanceOf(ProcessingErrorException.class).hasMessageContaining("not done: the request was cancelled");

        assertThat(namesIn(directory)).doesNotContain("c.bin");
        assertThat(leftovers(directory)).isEmpty();
    }

    @Test
    void aWrongChecksumLeavesNothingUnderTheFinalNameNorATemporaryFile() throws Exception {
        byte[] content = random(SIZE);
        Destination destination = destinations.open("directory", URI.create(declaredUrl() + directory), "f.bin");

        assertThatThrownBy(() -> transfer.transfer("url", source(content), null, destination, "MD5",
                "0123456789abcdef0123456789abcdef", new RequestCancellation()))
                .isInstanceOf(ProcessingErrorException.class).hasMessageContaining("checksum mismatch");

        assertThat(namesIn(directory)).doesNotContain("f.bin");
        assertThat(leftovers(directory)).isEmpty();
        assertThat(destination.existingSize()).isEqualTo(-1);
    }

    @Test
    void holdsTheStoredChecksumAndNoOther() throws Exception {
        byte[] content = random(SIZE);
        Destination destination = destinations.open("directory", URI.create(declaredUrl() + directory), "f.bin");
        transfer.transfer("url", source(content), null, destination, "MD5", md5(content), new RequestCancellation());

        assertThat(destination.existingSize()).isEqualTo(SIZE);
        assertThat(destination.holds(md5(content), "MD5", SIZE)).isTrue();
        assertThat(destination.holds(md5(random(10)), "MD5", -1)).isFalse();
        assertThat(destination.holds(sha256(content), "SHA-256", -1)).isTrue();
        assertThat(destinations.open("directory", URI.create(declaredUrl() + directory), "other.bin")
                .holds(md5(content), "MD5", -1)).isFalse();
    }

    @Test
    void aRedeliveredStoreIsNotCopiedAgain() throws Exception {
        byte[] content = random(SIZE);
        URI directoryUrl = URI.create(declaredUrl() + directory);
        transfer.transfer("url", source(content), null, destinations.open("directory", directoryUrl, "f.bin"), "MD5",
                md5(content), new RequestCancellation());

        FileTransfer.TransferResult again = transfer.transfer("url", source(content), null,
                destinations.open("directory", directoryUrl, "f.bin"), "MD5", md5(content), new RequestCancellation());

        assertThat(again.copied()).isFalse();
        assertThat(again.url()).isEqualTo(declaredUrl() + directory + "f.bin");
        assertThat(namesIn(directory)).contains("f.bin");
        assertThat(leftovers(directory)).isEmpty();
    }

    @Test
    void aSourceIsReadThroughTheEndpoint() throws Exception {
        byte[] content = random(SIZE);
        put(directory + "source.bin", content);

        try (SourceContent source = reader.open("url", URI.create(declaredUrl() + directory + "source.bin"))) {
            assertThat(source.filename()).isEqualTo("source.bin");
            assertThat(source.stream().readAllBytes()).isEqualTo(content);
        }
        FileTransfer.TransferResult copy = transfer.transfer("url", declaredUrl() + directory + "source.bin", null,
                destinations.open("directory", URI.create(declaredUrl() + directory + "copies/"), "copy.bin"), "SHA-256",
                sha256(content), new RequestCancellation());
        assertThat(contentOf(directory + "copies/copy.bin")).isEqualTo(content);
        assertThat(copy.copied()).isTrue();
    }

    @Test
    void aMissingSourceIsAProcessingError() {
        assertThatThrownBy(() -> reader.open("url", URI.create(declaredUrl() + directory + "missing.bin")))
                .isInstanceOf(ProcessingErrorException.class).hasMessageContaining("does not exist");
    }

    @Test
    void urlsOutsideTheDeclaredPrefixesAreNotTheConnectors() {
        URI prefix = URI.create(declaredUrl());
        URI otherPort = URI.create(prefix.getScheme() + "://" + prefix.getHost() + ":1" + prefix.getPath() + "f.bin");
        URI otherDirectory = URI.create(prefix.getScheme() + "://" + prefix.getAuthority() + "/elsewhere/f.bin");

        assertThat(reader.supports(otherPort)).isFalse();
        assertThat(reader.supports(otherDirectory)).isFalse();
        assertThat(destinations.supports(otherDirectory)).isFalse();
        assertThat(reader.supports(URI.create(declaredUrl() + "f.bin"))).isTrue();
        Sources sources = new Sources(List.of(reader), StorageProperties.DEFAULT_MAX_FILE_SIZE);
        assertThatThrownBy(() -> sources.open("url", otherDirectory.toString()))
                .isInstanceOf(InvalidContentException.class);
    }

    @Test
    void pathsLeavingThePrefixAreRefused() {
        assertThatThrownBy(() -> reader.open("url", URI.create(declaredUrl() + "../f.bin")))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("'..'");
        assertThatThrownBy(() -> reader.open("url", URI.create(declaredUrl() + "a%2F..%2Ff.bin")))
                .isInstanceOf(InvalidContentException.class);
        assertThatThrownBy(() -> destinations.open("directory", URI.create(declaredUrl()), ".."))
                .isInstanceOf(InvalidContentException.class).hasMessageContaining("'..'");
    }

    /** Text Camel would read as configuration or an expression is a name like any other, through the endpoint. */
    @Test
    void namesCamelWouldReadAreStoredAndReadLiterally() throws Exception {
        for (String name : List.of("${sys:user.home}", "{{x:$}}{camelContext.stop()}", "RAW(a&b)#c")) {
            byte[] content = random(1000);
            Destination destination = destinations.open("directory", URI.create(declaredUrl() + directory), name);

            transfer.transfer("url", source(content), null, destination, "MD5", md5(content),
                    new RequestCancellation());

            assertThat(contentOf(directory + name)).isEqualTo(content);
            String url = declaredUrl() + directory + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20");
            try (SourceContent read = reader.open("url", URI.create(url))) {
                assertThat(read.filename()).isEqualTo(name);
                assertThat(read.stream().readAllBytes()).isEqualTo(content);
            }
        }
        assertThat(camel.getStatus().isStarted()).isTrue();
    }

    private String source(byte[] content) throws IOException {
        Path file = Files.write(local.resolve(UUID.randomUUID() + ".bin"), content);
        return file.toUri().toString();
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    static String md5(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
