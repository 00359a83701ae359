package io.camelworker.storage.s3;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ShownUrl;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * An S3 object addressed the REGARDS way: {@code <endpoint>/<bucket>/<key>} (payloads spec §1.4).
 *
 * @param key the object key, decoded
 */
public record S3ObjectUrl(S3Connection server, String bucket, String key) {

    /**
     * Splits a URL of a server into bucket and key.
     *
     * @throws InvalidContentException naming the field when no bucket or no key follows the endpoint
     */
    public static S3ObjectUrl parse(String field, S3Connection server, URI url) {
        String rest = url.getRawPath().substring(server.basePath().length() + 1);
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || url.getRawQuery() != null) {
            throw new InvalidContentException(field + " '" + ShownUrl.of(url) + "' must be an S3 object URL " + server.endpoint()
                    + "/<bucket>/<key>");
        }
        String key = URLDecoder.decode(rest.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        return new S3ObjectUrl(server, URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8), key);
    }

    /** The URL of an object, its key kept as is ({@code /} separated, as REGARDS builds it). */
    public static String format(URI endpoint, String bucket, String key) {
        return endpoint + "/" + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return format(server.endpoint(), bucket, key);
    }
}
