package io.camelworker.storage.http;

import io.camelworker.config.Backoff;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.SourceReader;
import io.camelworker.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads plain {@code http(s):} URLs with a GET, streaming. 5xx, 429 and connection failures are retried with
 * backoff ({@code worker.storage.transient-retry}); other statuses (404, 403...) are an ERROR naming the status.
 */
public class HttpSourceReader implements SourceReader {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSourceReader.class);

    private final HttpClient client;
    private final Backoff retry;
    private final Duration readTimeout;

    public HttpSourceReader(StorageProperties properties) {
        this.retry = properties.getTransientRetry();
        this.readTimeout = properties.getReadTimeout();
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public boolean supports(URI url) {
        return "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
    }

    @Override
    public SourceContent open(String field, URI url) throws IOException {
        String shown = field + " '" + withoutUserInfo(url) + "'";
        HttpRequest request = HttpRequest.newBuilder(url).timeout(readTimeout).GET().build();
        String lastFailure = null;
        for (int attempt = 1; attempt <= retry.getMaxAttempts(); attempt++) {
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status == 200) {
                    long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    return new SourceContent(new StallGuardedInputStream(response.body(), readTimeout), size, filename(url));
                }
                response.body().close();
                if (status < 500 && status != 429 && status != 408) {
                    throw new ProcessingErrorException(shown + " cannot be read: HTTP " + status);
                }
                lastFailure = "HTTP " + status;
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(shown + ": interrupted", e);
            }
            if (attempt < retry.getMaxAttempts()) {
                Duration pause = retry.backoff(attempt);
                LOG.warn("{} failed ({}), try {} of {} in {} ms", shown, lastFailure, attempt + 1, retry.getMaxAttempts(),
                        pause.toMillis());
                pause(pause, shown);
            }
        }
        throw new IOException(shown + " cannot be read for now (" + lastFailure + ") after " + retry.getMaxAttempts()
                + " tries");
    }

    private static void pause(Duration pause, String shown) throws IOException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(shown + ": interrupted", e);
        }
    }

    private static String filename(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A URL may carry a password in its user-info part: it never goes into messages. */
    static String withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(),
                    url.getFragment()).toString();
        } catch (URISyntaxException e) {
            return url.getScheme() + "://" + url.getHost();
        }
    }
}
