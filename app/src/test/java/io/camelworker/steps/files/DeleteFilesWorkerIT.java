package io.camelworker.steps.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The delete-files worker of {@code routes/}, driven through the broker as the Worker Manager drives it. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DeleteFilesWorkerIT {

    static final String TYPE = FakeWorkerManager.uniqueType("delete-files-worker");
    static FakeWorkerManager manager;

    @TempDir
    static Path temp;
    static Path root;
    static Path outside;

    @BeforeAll
    static void startManager() throws IOException {
        manager = new FakeWorkerManager(TYPE);
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createDirectories(temp.resolve("allowed"));
        outside = Files.createDirectories(temp.resolve("outside"));
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/delete-files-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.files.allowed-roots", () -> root.toString());
        registry.add("worker.retry.initial-interval", () -> "100ms");
    }

    @Test
    void deletesTheFilesAndAnswersSuccessWithWhatWasDeleted() throws IOException {
        Path a = Files.writeString(root.resolve("a.dat"), "a");
        Path b = Files.writeString(Files.createDirectories(root.resolve("sub")).resolve("b.dat"), "b");

        String id = manager.submit(urls(a.toUri().toString(), "file:" + b));
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("SUCCESS");
        JsonNode content = answer.contentJson();
        assertThat(content.get("deleted")).extracting(JsonNode::asText).containsExactly(a.toUri().toString(), "file:" + b);
        assertThat(content.get("absent")).isEmpty();
        assertThat(a).doesNotExist();
        assertThat(b).doesNotExist();
    }

    @Test
    void aFileAlreadyGoneCountsAsAbsentSoARedeliveryIsHarmless() throws IOException {
        Path gone = root.resolve("gone.dat");
        Path present = Files.writeString(root.resolve("present.dat"), "p");

        String id = manager.submit(urls("file://" + gone, "file://" + present));
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson().get("absent")).extracting(JsonNode::asText).containsExactly("file://" + gone);
        assertThat(answer.contentJson().get("deleted")).extracting(JsonNode::asText).containsExactly("file://" + present);
    }

    @Test
    void aUrlOutsideTheAllowedRootsIsInvalidContentAndNothingIsDeleted() throws IOException {
        Path inside = Files.writeString(root.resolve("keep.dat"), "k");
        Path victim = Files.writeString(outside.resolve("victim.dat"), "v");

        String id = manager.submit(urls("file://" + inside, "file://" + victim));
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .contains("urls[1]", "file://" + victim, "outside the allowed roots");
        assertThat(inside).exists();
        assertThat(victim).exists();
    }

    @Test
    void aUrlWithDotDotIsInvalidContentEvenWhenItWouldLandInside() throws IOException {
        Path inside = Files.writeString(root.resolve("dotdot.dat"), "d");

        String id = manager.submit(urls("file://" + root + "/sub/../dotdot.dat"));
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().contains("urls[0]", "'..'");
        assertThat(inside).exists();
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheRootsIsRefused() throws IOException {
        Path victim = Files.writeString(outside.resolve("linked.dat"), "v");
        Path link = Files.createSymbolicLink(root.resolve("escape"), outside);

        String id = manager.submit(urls("file://" + link + "/linked.dat"));
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().contains("outside the allowed roots");
        assertThat(victim).exists();
    }

    @Test
    void aDirectoryReplacedByALinkAfterTheChecksIsRefusedAndTheFileOutsideTheRootsIsNotDeleted() throws IOException {
        Path directory = Files.createDirectories(root.resolve("swapped"));
        Path inside = Files.writeString(directory.resolve("target.dat"), "inside");
        Path victimDirectory = Files.createDirectories(outside.resolve("swapped-victim"));
        Path victim = Files.writeString(victimDirectory.resolve("target.dat"), "outside");
        AtomicInteger swaps = new AtomicInteger();
        DeleteFilesStep.afterChecks = () -> {
            try {
                Files.move(directory, temp.resolve("swapped-moved-away"));
                Files.createSymbolicLink(directory, victimDirectory);
                swaps.incrementAndGet();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            String id = manager.submit(urls("file://" + inside));
            FakeWorkerManager.Response answer = manager.awaitAnswer(id);

            assertThat(swaps).hasValue(1);
            assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("INVALID_CONTENT");
            // Refused when it is resolved again (the link leads out), or by the walk without links that follows.
            assertThat(answer.messages()).singleElement().asString().startsWith("urls[0] 'file://" + inside + "'");
            assertThat(victim).hasContent("outside");
        } finally {
            DeleteFilesStep.afterChecks = null;
        }
    }

    @Test
    void aLinkAtAnyLevelIsRefusedEvenWhenItLeadsInsideTheRoots() throws IOException {
        Path real = Files.createDirectories(root.resolve("real-dir"));
        Path file = Files.writeString(real.resolve("kept.dat"), "k");
        Path alias = Files.createSymbolicLink(root.resolve("alias-dir"), real);
        Path fileLink = Files.createSymbolicLink(root.resolve("file-link.dat"), file);

        FakeWorkerManager.Response throughDirectory = manager.awaitAnswer(manager.submit(urls("file://" + alias + "/kept.dat")));
        FakeWorkerManager.Response theLinkItself = manager.awaitAnswer(manager.submit(urls("file://" + fileLink)));

        assertThat(throughDirectory.status()).isEqualTo("INVALID_CONTENT");
        assertThat(throughDirectory.messages()).singleElement().asString()
                .contains("urls[0]", "'alias-dir' is a symbolic link; links are refused at every level");
        assertThat(theLinkItself.status()).isEqualTo("INVALID_CONTENT");
        assertThat(theLinkItself.messages()).singleElement().asString().contains("urls[0]", "is a symbolic link");
        assertThat(file).exists();
        assertThat(fileLink).isSymbolicLink();
    }

    @Test
    void aBodyWithoutUrlsIsInvalidContentNamingTheField() {
        String id = manager.submit("{\"files\":[]}");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().contains("field 'urls'", "must not be empty");
    }

    @Test
    void aBodyThatIsNotJsonIsInvalidContent() {
        String id = manager.submit("urls=file:///tmp/x");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().startsWith("request body is not valid JSON");
    }

    @Test
    void regardsRequestMixingFileAndHttpLocationsDeletesTheFilesAndListsTheOthersAsSkipped() throws IOException {
        // As SendDeleteFilesWorkerRequest (regards-plugins) sends it: every location of the SIP's files, in both
        // spellings of file: URLs (LocalDataStorage records file:/abs).
        Path a = Files.writeString(root.resolve("regards-a.dat"), "a");
        Path b = Files.writeString(root.resolve("regards-b.dat"), "b");
        String remote1 = "http://where/test/tmp/file.txt";
        String remote2 = "http://where/test/tmp/file2.txt";

        String id = manager.submit(urls("file://" + a, remote1, remote2, "file:" + b));
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson()).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"deleted":["file://%s","file:%s"],"absent":[],
                 "skipped":[{"url":"%s","reason":"%s"},{"url":"%s","reason":"%s"}]}""".formatted(a, b,
                remote1, DeleteFilesStep.NOT_OURS, remote2, DeleteFilesStep.NOT_OURS)));
        assertThat(a).doesNotExist();
        assertThat(b).doesNotExist();
    }

    @Test
    void aFileUrlOutsideTheRootsAmongRemoteLocationsStillRefusesTheWholeRequest() throws IOException {
        Path inside = Files.writeString(root.resolve("mixed-keep.dat"), "k");
        Path victim = Files.writeString(outside.resolve("mixed-victim.dat"), "v");

        String id = manager.submit(urls("file:" + inside, "http://where/x", "file:" + victim));
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .contains("urls[2]", "file:" + victim, "outside the allowed roots");
        assertThat(inside).exists();
        assertThat(victim).exists();
    }

    @Test
    void aNulCharacterInAFileUrlIsInvalidContentNamingTheFieldAtOnceAndNothingIsDeleted() throws IOException {
        Path keep = Files.writeString(root.resolve("nul-keep.dat"), "k");
        String nul = "file://" + root + "/a%00b";

        String id = manager.submit(urls("file://" + keep, nul));
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().startsWith("urls[1] '" + nul + "'")
                .doesNotContain("Exception");
        assertThat(keep).exists();
        // A retried request would be answered again or dead-lettered within its first retry interval.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> manager.answers(id).size() == 1 && manager.deadLetters(id).isEmpty());
    }

    @Test
    void aDirectoryIsNotDeleted() throws IOException {
        Path directory = Files.createDirectories(root.resolve("dir"));

        String id = manager.submit(urls("file://" + directory));
        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().contains("is a directory");
        assertThat(directory).exists();
    }

    private static String urls(String... urls) {
        StringBuilder json = new StringBuilder("{\"urls\":[");
        for (int i = 0; i < urls.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(urls[i]).append('"');
        }
        return json.append("]}").toString();
    }
}
