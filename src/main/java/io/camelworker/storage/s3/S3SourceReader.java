package io.camelworker.storage.s3;

import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.SourceReader;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.net.URI;

/** Reads http(s) URLs of a configured S3 server ({@code worker.storage.s3-servers}) with the S3 client. */
public class S3SourceReader implements SourceReader {

    private final S3Servers servers;

    public S3SourceReader(S3Servers servers) {
        this.servers = servers;
    }

    @Override
    public boolean supports(URI url) {
        return servers.serving(url).isPresent();
    }

    @Override
    public SourceContent open(String field, URI url) throws IOException {
        S3Connection server = servers.serving(url).orElseThrow();
        S3ObjectUrl object = S3ObjectUrl.parse(field, server, url);
        try {
            ResponseInputStream<GetObjectResponse> stream = servers.client(server).getObject(GetObjectRequest.builder()
                    .bucket(object.bucket()).key(object.key()).build());
            Long length = stream.response().contentLength();
            String key = object.key();
            return new SourceContent(stream, length == null ? -1 : length, key.substring(key.lastIndexOf('/') + 1));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                throw new ProcessingErrorException(field + " '" + url + "' does not exist (S3 answered 404)");
            }
            throw S3Failures.translate("reading " + field + " '" + url + "'", e);
        }
    }
}
