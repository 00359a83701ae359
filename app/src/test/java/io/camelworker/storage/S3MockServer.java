package io.camelworker.storage;

import com.adobe.testing.s3mock.S3MockApplication;
import io.camelworker.fixtures.InProcessS3;

import java.util.HashMap;
import java.util.Map;

/**
 * S3-compatible server on loopback for bench/s3-upload.sh: S3Mock (the tests' server) over plain HTTP, with one
 * bucket, storing its objects under a given directory. Prints "s3mock ready on port N" and runs until killed.
 *
 * <p>Arguments: http port, bucket, root directory.
 */
public final class S3MockServer {

    private S3MockServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put(S3MockApplication.PROP_HTTP_PORT, Integer.parseInt(args[0]));
        properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        properties.put(S3MockApplication.PROP_SECURE_CONNECTION, false);
        properties.put(S3MockApplication.PROP_INITIAL_BUCKETS, args[1]);
        properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, args[2]);
        properties.put(S3MockApplication.PROP_SILENT, true);
        properties.put("server.address", "127.0.0.1");
        // S3Mock is a Spring Boot application too: keep the worker's configuration out of its context (as the tests do).
        properties.putAll(InProcessS3.ISOLATION);
        S3MockApplication server = S3MockApplication.start(properties);
        System.out.println("s3mock ready on port " + server.getHttpPort());
        Thread.currentThread().join();
    }
}
