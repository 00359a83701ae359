package io.camelworker.storage.s3;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.RequestCancellation;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.FileDeleter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;

/**
 * Deletes S3 objects of the configured servers ({@code worker.storage.s3-servers}), in their {@code buckets} when set,
 * for the delete-files worker; URLs of other servers are not S3 to it, and the step leaves them alone.
 */
public class S3FileDeleter implements FileDeleter {

    private final S3Servers servers;

    public S3FileDeleter(S3Servers servers) {
        this.servers = servers;
    }

    @Override
    public boolean supports(URI url) {
        return servers.serving(url).isPresent();
    }

    @Override
    public String check(String field, URI url) {
        S3ObjectUrl object = S3ObjectUrl.parse(field, servers.serving(url).orElseThrow(), url);
        for (String segment : object.key().split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' contains '" + segment + "'");
            }
        }
        if (object.key().endsWith("/")) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' is a directory; only files are deleted");
        }
        String refusal = servers.refusal(object, url);
        return refusal == null ? null : refusal + "; left alone";
    }

    @Override
    public boolean delete(String field, URI url, RequestCancellation cancellation) throws IOException {
        S3Connection server = servers.serving(url).orElseThrow();
        S3ObjectUrl object = S3ObjectUrl.parse(field, server, url);
        S3Client client = servers.client(server);
        try {
            client.headObject(b -> b.bucket(object.bucket()).key(object.key()));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                return false;
            }
            throw S3Failures.translate("checking " + field + " '" + ShownUrl.of(url) + "'", e);
        }
        cancellation.check("deleting " + field + " '" + ShownUrl.of(url) + "'");
        try {
            client.deleteObject(b -> b.bucket(object.bucket()).key(object.key()));
            return true;
        } catch (SdkException e) {
            throw S3Failures.translate("deleting " + field + " '" + ShownUrl.of(url) + "'", e);
        }
    }
}
