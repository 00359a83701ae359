package com.example.productname;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelworker.testing.FakeWorkerManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product-name worker, driven through the real broker on 127.0.0.1:5672 as the Worker Manager drives it: the test
 * kit's {@link FakeWorkerManager} declares the worker type's queue, submits requests and collects the answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ProductNameWorkerTest {

    /** A worker type of this run's own, so that runs sharing the broker never take each other's requests. */
    static final String TYPE = FakeWorkerManager.uniqueType("product-name-worker");
    static FakeWorkerManager manager;

    @BeforeAll
    static void startManager() {
        manager = new FakeWorkerManager(TYPE);
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("worker.type", () -> TYPE);
        // The worker's health and metrics endpoints on a free port: the test never competes for 8080.
        registry.add("server.port", () -> "0");
    }

    @Test
    void aSentinel2L2aProductNameIsAnsweredSuccessWithItsMetadataAndTheSatelliteForTheNextStep() throws IOException {
        String id = manager.submit("""
                {"productName":"S2B_MSIL2A_20240105T103329_N0510_R108_T32TLQ_20240105T122024.SAFE"}""");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).as(answer.messages().toString()).isEqualTo("SUCCESS");
        assertThat(answer.contentJson()).isEqualTo(new ObjectMapper().readTree("""
                {"productName":"S2B_MSIL2A_20240105T103329_N0510_R108_T32TLQ_20240105T122024.SAFE",
                 "satellite":"S2B","level":"L2A","sensingStart":"2024-01-05T10:33:29Z",
                 "processingBaseline":"05.10","relativeOrbit":108,"tile":"32TLQ"}"""));
        assertThat(answer.additionalHeaders()).containsEntry("satellite", "S2B");
    }

    @Test
    void aNameOutsideTheConventionIsInvalidContentSayingWhatIsExpected() {
        String id = manager.submit("{\"productName\":\"LC08_L1TP_196030_20240105_20240112_02_T1\"}");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString()
                .isEqualTo("field 'productName': 'LC08_L1TP_196030_20240105_20240112_02_T1' is not a Sentinel-2 product"
                        + " name (MMM_MSIXXX_YYYYMMDDTHHMMSS_Nxxyy_ROOO_Txxxxx_<discriminator>[.SAFE])");
    }

    @Test
    void aProductOfALevelTheRouteDoesNotTakeIsInvalidContent() {
        String id = manager.submit("""
                {"productName":"S2A_MSIL1C_20240105T103329_N0510_R108_T32TLQ_20240105T122024"}""");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().endsWith("is of level L1C; this worker takes L2A");
    }

    @Test
    void aRequestWithoutAProductNameIsInvalidContentNamingTheField() {
        String id = manager.submit("{\"product\":\"S2B_MSIL2A\"}");

        FakeWorkerManager.Response answer = manager.awaitAnswer(id);

        assertThat(answer.status()).isEqualTo("INVALID_CONTENT");
        assertThat(answer.messages()).singleElement().asString().isEqualTo("field 'productName' must not be blank");
    }
}
