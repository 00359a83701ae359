package io.camelworker.storage;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import io.camelworker.fixtures.InProcessS3;
import io.camelworker.testing.FakeWorkerManager;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delete-files worker on S3 URLs of a configured server, next to file: URLs, against an in-process S3 server. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class S3DeleteFilesIT {

    @RegisterExtension
    static final S3MockExtension S3 = InProcessS3.withBuckets("inputs", "other-tenant");

    static final String TYPE = FakeWorkerManager.uniqueType("Delete-S3");
    static final Path ROOT = createRoot();

    static FakeWorkerManager manager;
    static S3Client s3;

    @BeforeAll
    static void start() {
        manager = new FakeWorkerManager(TYPE);
        s3 = S3.createS3ClientV2();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/delete-files-worker.camel.yaml");
        registry.add("worker.type", () -> TYPE);
        registry.add("worker.tenants", () -> "project1");
        registry.add("worker.files.allowed-roots[0]", ROOT::toString);
        registry.add("worker.storage.s3-servers[0].endpoint", S3::getServiceEndpoint);
        registry.add("worker.storage.s3-servers[0].buckets", () -> "inputs");
    }

    @Test
    void s3ObjectsOfAConfiguredServerAndLocalFilesAreDeletedTogether() throws Exception {
        s3.putObject(b -> b.bucket("inputs").key("sip/a.dat"), RequestBody.fromString("a"));
        Path local = Files.writeString(ROOT.resolve("b.dat"), "b");
        String s3Url = S3.getServiceEndpoint() + "/inputs/sip/a.dat";
        String goneUrl = S3.getServiceEndpoint() + "/inputs/sip/never.dat";

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit(
                "{\"urls\":[\"" + s3Url + "\",\"" + local.toUri() + "\",\"" + goneUrl + "\"]}"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson().toString()).isEqualTo("{\"deleted\":[\"" + s3Url + "\",\"" + local.toUri()
                + "\"],\"absent\":[\"" + goneUrl + "\"],\"skipped\":[]}");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("inputs").key("sip/a.dat")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThat(local).doesNotExist();
    }

    @Test
    void urlsOfAnUnconfiguredServerOrABucketNotListedAreLeftAloneAndListedAsSkipped() throws Exception {
        s3.putObject(b -> b.bucket("inputs").key("keep/c.dat"), RequestBody.fromString("c"));
        s3.putObject(b -> b.bucket("other-tenant").key("keep/d.dat"), RequestBody.fromString("d"));
        String configured = S3.getServiceEndpoint() + "/inputs/keep/c.dat";
        String otherBucket = S3.getServiceEndpoint() + "/other-tenant/keep/d.dat";

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit("{\"urls\":[\"" + configured
                + "\",\"http://other:9000/inputs/keep/c.dat\",\"" + otherBucket + "\"]}"));

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson().toString()).isEqualTo("{\"deleted\":[\"" + configured + "\"],\"absent\":[],"
                + "\"skipped\":[{\"url\":\"http://other:9000/inputs/keep/c.dat\",\"reason\":\"not a file: URL nor an "
                + "object of a server in worker.storage.s3-servers; left alone\"},{\"url\":\"" + otherBucket
                + "\",\"reason\":\"bucket 'other-tenant' is not in worker.storage.s3-servers[0].buckets [inputs]; "
                + "left alone\"}]}");
        assertThat(s3.headObject(b -> b.bucket("other-tenant").key("keep/d.dat")).contentLength()).isEqualTo(1);
    }

    @Test
    void s3UrlWithoutAKeyIsRefused() {
        String bucketOnly = S3.getServiceEndpoint() + "/inputs/";

        FakeWorkerManager.Response answer = manager.awaitAnswer(manager.submit("{\"urls\":[\"" + bucketOnly + "\"]}"));

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .isEqualTo("urls[0] '" + bucketOnly + "' must be an S3 object URL " + S3.getServiceEndpoint()
                        + "/<bucket>/<key>");
    }

    private static Path createRoot() {
        try {
            return Files.createTempDirectory("s3-delete-test").toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
