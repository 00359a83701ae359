package io.camelworker.testing;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tests' S3-compatible server: S3Mock, in process, over plain HTTP on loopback.
 *
 * <p>S3Mock is a Spring Boot application on the tests' class path, so it reads the worker's application.yml too: the
 * worker's Camel routes, its auto-configurations and its health groups (which name the worker's own health contributors)
 * are kept out of it.
 */
public final class InProcessS3 {

    /**
     * Properties that keep the worker's configuration out of S3Mock's context. S3Mock passes them as default properties,
     * which application.yml overrides: only settings application.yml leaves unset can be given here.
     */
    public static final Map<String, String> ISOLATION = Map.of(
            "spring.autoconfigure.exclude", excludedAutoConfigurations(),
            // The worker's health groups name its own contributors (stuckRequests), which S3Mock has not.
            "management.endpoint.health.validate-group-membership", "false");

    private InProcessS3() {
    }

    /** Camel's, and every auto-configuration of the worker (they would start a worker inside S3Mock). */
    private static String excludedAutoConfigurations() {
        List<String> excluded = new ArrayList<>(List.of("org.apache.camel.spring.boot.CamelAutoConfiguration"));
        ImportCandidates.load(AutoConfiguration.class, InProcessS3.class.getClassLoader()).forEach(candidate -> {
            if (candidate.startsWith("io.camelworker.")) {
                excluded.add(candidate);
            }
        });
        return String.join(",", excluded);
    }

    /** An extension starting one server for the test class, with these buckets. */
    public static S3MockExtension withBuckets(String... buckets) {
        var builder = S3MockExtension.builder().silent().withSecureConnection(false).withInitialBuckets(buckets);
        ISOLATION.forEach(builder::withProperty);
        return builder.build();
    }
}
