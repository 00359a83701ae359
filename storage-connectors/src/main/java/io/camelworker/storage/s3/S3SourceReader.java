package io.camelworker.storage.s3;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.SourceReader;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.URI;

/**
 * Reads http(s) URLs of a configured S3 server ({@code worker.storage.s3-servers}) with the S3 client, from the
 * server's {@code buckets} only when they are set.
 */
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
        String refusal = servers.refusal(object, url);
        if (refusal != null) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' is refused: " + refusal);
        }
        try {
            ResponseInputStream<GetObjectResponse> stream = servers.client(server).getObject(GetObjectRequest.builder()
                    .bucket(object.bucket()).key(object.key()).build());
            Long length = stream.response().contentLength();
            String key = object.key();
            return new SourceContent(new AbortingStream(stream), length == null ? -1 : length,
                    key.substring(key.lastIndexOf('/') + 1));
        } catch (SdkException e) {
            if (S3Failures.isNotFound(e)) {
                throw new ProcessingErrorException(field + " '" + ShownUrl.of(url) + "' does not exist (S3 answered 404)");
            }
            throw S3Failures.translate("reading " + field + " '" + ShownUrl.of(url) + "'", e);
        }
    }

    /**
     * Closing an object stream before its end would read the rest of it (the HTTP client drains a response to reuse
     * its connection): a source refused or abandoned midway is aborted instead.
     */
    private static final class AbortingStream extends FilterInputStream {

        private final ResponseInputStream<GetObjectResponse> object;
        private boolean ended;

        AbortingStream(ResponseInputStream<GetObjectResponse> object) {
            super(object);
            this.object = object;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                object.abort();
            }
            super.close();
        }
    }
}
