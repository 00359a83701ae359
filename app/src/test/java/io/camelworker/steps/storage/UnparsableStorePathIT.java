package io.camelworker.steps.storage;

import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A storage request whose URL or path the file system cannot take (a NUL character, {@code %00}) is the request's
 * fault: one INVALID_CONTENT answer naming the field, at once; never retried, never dead-lettered.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class UnparsableStorePathIT {

    static final String TYPE = FakeWorkerManager.uniqueType("Storage-Unparsable-Path");
    static final String MD5_OF_NOTHING = "d41d8cd98f00b204e9800998ecf8427e";
    static final Path ROOT = createRoot();
    static final Path INPUT = ROOT.resolve("input");
    static final Path STORE = ROOT.resolve("store");

    static FakeWorkerManager manager;

    @BeforeAll
    static void start() throws IOException {
        manager = new FakeWorkerManager(TYPE);
        Files.createDirectories(INPUT);
        Files.createDirectories(STORE);
        Files.writeString(INPUT.resolve("ab"), "");
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/storage-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        // A retry, if there were one, would come at once: the test would see it.
        registry.add("worker.retry.initial-interval", () -> "100ms");
        registry.add("worker.files.allowed-roots[0]", INPUT::toString);
        registry.add("worker.files.allowed-roots[1]", STORE::toString);
    }

    @Test
    void aNulCharacterInTheSourceUrlIsInvalidContentNamingTheFieldAndIsNotRetried() {
        String url = "file://" + INPUT + "/a%00b";

        String id = manager.submit(request(url, STORE.resolve("nul").toString(), null));

        assertAnsweredOnceInvalidContent(id, "url '" + url + "'");
        assertThat(STORE.resolve("nul")).doesNotExist();
    }

    @Test
    void aNulCharacterInThePlainSourcePathOfFilePackagerIsInvalidContent() {
        String id = manager.submit(request(INPUT + "/a\\u0000b", STORE.resolve("plain").toString(), null));

        assertAnsweredOnceInvalidContent(id, "url '");
        assertThat(STORE.resolve("plain")).doesNotExist();
    }

    @Test
    void aNulCharacterInTheStorageLocationIsInvalidContentNamingTheField() {
        String base = "file://" + STORE + "/x%00y";

        String id = manager.submit(request("file://" + INPUT + "/ab", base, null));

        assertAnsweredOnceInvalidContent(id, "parameters.baseStorageLocationAsString '" + base + "'");
    }

    @Test
    void aNulCharacterInTheDestinationDirectoryIsInvalidContentNamingTheField() {
        String id = manager.submit(request("file://" + INPUT + "/ab", STORE.toString(), "/2024/a\\u0000b"));

        assertAnsweredOnceInvalidContent(id, "destinationDirectory '");
        assertThat(STORE.resolve("2024")).doesNotExist();
    }

    private static void assertAnsweredOnceInvalidContent(String id, String naming) {
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);
        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().startsWith(naming).doesNotContain("Exception");
        // Past the first retry interval: a retried request would have been answered again or dead-lettered by now.
        FakeWorkerManager.Response next = manager.awaitAnswer(manager.submit(request("file://" + INPUT + "/ab",
                STORE.resolve("next").toString(), null)));
        assertThat(next.status()).as(next.messages().toString()).isEqualTo("SUCCESS");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> manager.answers(id).size() == 1 && manager.deadLetters(id).isEmpty());
    }

    private static String request(String url, String base, String directory) {
        return """
                {"checksum":"%s","algorithm":"MD5","url":"%s","destinationDirectory":%s,"computeImageSize":false,
                 "activateSmallFilePackaging":false,
                 "parameters":{"fileNamingStrategy":"CHECKSUM","baseStorageLocationAsString":"%s"}}"""
                .formatted(MD5_OF_NOTHING, url, directory == null ? "null" : "\"" + directory + "\"", base);
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("unparsable-store-path").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
