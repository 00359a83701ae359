package io.camelworker.testing;

import com.adobe.testing.s3mock.junit5.S3MockExtension;

import java.util.Map;

/**
 * The tests' S3-compatible server: S3Mock, in process, over plain HTTP on loopback.
 *
 * <p>S3Mock is a Spring Boot application on the tests' class path, so it reads the worker's application.yml too: the
 * worker's Camel routes and its health groups (which name the worker's own health contributors) are kept out of it.
 */
public final class InProcessS3 {

    /**
     * Properties that keep the worker's configuration out of S3Mock's context. S3Mock passes them as default properties,
     * which application.yml overrides: only settings application.yml leaves unset can be given here.
     */
    public static final Map<String, String> ISOLATION = Map.of(
            "spring.autoconfigure.exclude", "org.apache.camel.spring.boot.CamelAutoConfiguration",
            // The worker's health groups name its own contributors (stuckRequests), which S3Mock has not.
            "management.endpoint.health.validate-group-membership", "false");

    private InProcessS3() {
    }

    /** An extension starting one server for the test class, with these buckets. */
    public static S3MockExtension withBuckets(String... buckets) {
        var builder = S3MockExtension.builder().silent().withSecureConnection(false).withInitialBuckets(buckets);
        ISOLATION.forEach(builder::withProperty);
        return builder.build();
    }
}
