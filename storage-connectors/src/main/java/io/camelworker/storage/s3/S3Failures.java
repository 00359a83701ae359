package io.camelworker.storage.s3;

import io.camelworker.outcome.ProcessingErrorException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.util.Set;

/**
 * Sorts S3 failures, once the SDK's own retries are exhausted: a refusal for good (404, 403, 400...) is a
 * {@link ProcessingErrorException} with the server's reason; a transient one (5xx, SlowDown, connection failure) an
 * {@link IOException}, which the framework retries with backoff ({@code worker.retry.*}).
 */
public final class S3Failures {

    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "RequestTimeout", "Throttling",
            "ThrottlingException", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable");

    private S3Failures() {
    }

    /** The exception to throw for a failed S3 call; {@code what} says what was attempted, e.g. the object URL. */
    public static RuntimeException permanentOrNull(String what, SdkException e) {
        if (e instanceof S3Exception s3 && !isTransient(s3)) {
            return new ProcessingErrorException(what + " failed: " + reason(s3));
        }
        return null;
    }

    /** Throws the permanent failure, or returns the transient one as an IOException to rethrow. */
    public static IOException translate(String what, SdkException e) {
        RuntimeException permanent = permanentOrNull(what, e);
        if (permanent != null) {
            throw permanent;
        }
        String reason = e instanceof S3Exception s3 ? reason(s3) : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new IOException(what + " failed for now, to retry: " + reason, e);
    }

    public static boolean isNotFound(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    private static boolean isTransient(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() >= 500 || e.statusCode() == 429 || e.statusCode() == 408
                || (code != null && TRANSIENT_CODES.contains(code));
    }

    private static String reason(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return "HTTP " + e.statusCode() + (code == null ? "" : " " + code) + (message == null ? "" : " (" + message + ")");
    }
}
