package io.camelworker.storage.http;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.outcome.ShownUrl;
import io.camelworker.retry.RetryPolicy;
import io.camelworker.retry.StopSignal;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.SourceReader;
import io.camelworker.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.function.SingletonSupplier;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * Reads plain {@code http(s):} URLs with a GET, streaming, from the hosts of {@code worker.storage.http.allowed-hosts}
 * only. Redirects are followed here, not by the client, so that each one is checked: same scheme, allowed host, at
 * most {@code worker.storage.http.max-redirects}. 5xx, 429 and connection failures are retried with backoff
 * ({@code worker.storage.transient-retry}); other statuses (404, 403...) are an ERROR naming the status. A pause between
 * attempts ends when the worker stops, and the request is then left for redelivery.
 */
public class HttpSourceReader implements SourceReader {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSourceReader.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** Made on first use: the JDK's client starts a selector thread and loads ~170 classes, in every replica otherwise. */
    private final SingletonSupplier<HttpClient> client;
    private final RetryPolicy retry;
    private final StopSignal stop;
    private final Duration readTimeout;
    private final AllowedHosts allowedHosts;
    private final int maxRedirects;

    /** @param stop raised when the worker stops: it ends the pauses between attempts */
    public HttpSourceReader(StorageProperties properties, StopSignal stop) {
        this.retry = new RetryPolicy(properties.getTransientRetry());
        this.stop = stop;
        this.readTimeout = properties.getReadTimeout();
        this.allowedHosts = new AllowedHosts(properties.getHttp().getAllowedHosts());
        this.maxRedirects = properties.getHttp().getMaxRedirects();
        Duration connectTimeout = properties.getConnectTimeout();
        this.client = SingletonSupplier.of(() -> HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    @Override
    public boolean supports(URI url) {
        return "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
    }

    @Override
    public SourceContent open(String field, URI url) throws IOException {
        String shown = field + " '" + ShownUrl.of(url) + "'";
        // The user-info part is never sent (the JDK client has no use for it) nor shown.
        URI current = withoutUserInfo(url);
        if (allowedHosts.isEmpty()) {
            throw new InvalidContentException(shown + " is refused: no http(s) host is allowed ("
                    + AllowedHosts.SETTING + " is empty)");
        }
        requireAllowed(shown, current, "its host");
        for (int redirects = 0; ; redirects++) {
            HttpResponse<InputStream> response = send(shown, current);
            if (response.statusCode() == 200) {
                long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                return new SourceContent(new StallGuardedInputStream(response.body(), readTimeout), size, filename(url));
            }
            response.body().close();
            String location = response.headers().firstValue("Location").orElseThrow(() -> new ProcessingErrorException(
                    shown + " cannot be read: HTTP " + response.statusCode() + " without a Location"));
            URI next = redirectTarget(shown, current, location);
            if (!next.getScheme().equalsIgnoreCase(current.getScheme())) {
                throw new InvalidContentException(shown + " is redirected to '" + ShownUrl.of(next)
                        + "': redirects to another scheme are not followed");
            }
            requireAllowed(shown + " is redirected to '" + ShownUrl.of(next) + "', but", next, "its host");
            if (redirects + 1 > maxRedirects) {
                throw new InvalidContentException(shown + " is redirected more than " + maxRedirects
                        + " times (worker.storage.http.max-redirects)");
            }
            LOG.info("{} redirected to {}", shown, ShownUrl.of(next));
            current = next;
        }
    }

    private void requireAllowed(String shown, URI url, String what) {
        if (!allowedHosts.allows(url)) {
            String host = url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
            throw new InvalidContentException(shown + " is refused: " + what + " " + host + " is not in "
                    + AllowedHosts.SETTING + " " + allowedHosts);
        }
    }

    private static URI redirectTarget(String shown, URI current, String location) {
        try {
            URI next = withoutUserInfo(current.resolve(new URI(location)));
            if (next.getScheme() == null) {
                throw new URISyntaxException(location, "no scheme");
            }
            return next;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ProcessingErrorException(shown + " is redirected to '" + ShownUrl.of(location)
                    + "', which is not a valid URL");
        }
    }

    /** One GET, with the retries of transient failures; answers a 200 or a redirect, throws otherwise. */
    private HttpResponse<InputStream> send(String shown, URI url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(readTimeout).GET().build();
        try {
            return retry.call("reading " + shown, stop, attempt -> get(shown, request), (attempt, failure, pause) ->
                    LOG.warn("{} failed ({}), try {} of {} in {} ms", shown, describe(failure), attempt + 1, retry.maxAttempts(),
                            pause.toMillis()));
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(shown + " cannot be read for now (" + describe(e) + ") after " + retry.maxAttempts()
                    + " tries", e);
        }
    }

    /** One attempt: a 200 or a redirect; a transient status as an {@link IOException}, any other as an ERROR. */
    private HttpResponse<InputStream> get(String shown, HttpRequest request) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = client.obtain().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            // The request's time budget ran out: the flag is restored by whoever cleans up (FileTransfer).
            throw new InterruptedIOException(shown + ": interrupted");
        }
        int status = response.statusCode();
        if (status == 200 || REDIRECTS.contains(status)) {
            return response;
        }
        response.body().close();
        if (status < 500 && status != 429 && status != 408) {
            throw new ProcessingErrorException(shown + " cannot be read: HTTP " + status);
        }
        throw new TransientStatus(status);
    }

    private static String describe(IOException failure) {
        if (failure instanceof TransientStatus) {
            return failure.getMessage();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /** A status worth another attempt: 5xx, 429, 408. */
    private static final class TransientStatus extends IOException {
        TransientStatus(int status) {
            super("HTTP " + status);
        }
    }

    private static String filename(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static URI withoutUserInfo(URI url) {
        return url.getRawUserInfo() == null ? url : URI.create(ShownUrl.withoutUserInfo(url.toString()));
    }
}
