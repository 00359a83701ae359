package io.camelworker.storage.http;

import com.sun.net.httpserver.HttpServer;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.retry.StopSignal;
import io.camelworker.storage.SourceContent;
import io.camelworker.storage.StorageProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reach of plain http(s) sources, against a loopback server of the test's own. */
class HttpSourceReaderTest {

    private final AtomicInteger hits = new AtomicInteger();
    private final HttpServer server = loopingRedirects();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void withoutAllowedHostsEveryHttpSourceIsRefusedNamingTheSetting() {
        HttpSourceReader reader = new HttpSourceReader(new StorageProperties(), new StopSignal());
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/loop/0");

        assertThatThrownBy(() -> reader.open("url", url)).isInstanceOf(InvalidContentException.class)
                .hasMessage("url '" + url + "' is refused: no http(s) host is allowed "
                        + "(worker.storage.http.allowed-hosts is empty)");
        assertThat(hits).hasValue(0);
    }

    @Test
    void redirectsAreFollowedAtMostMaxRedirectsTimes() {
        StorageProperties properties = new StorageProperties();
        properties.getHttp().setAllowedHosts(List.of("127.0.0.1:" + server.getAddress().getPort()));
        properties.getHttp().setMaxRedirects(3);
        HttpSourceReader reader = new HttpSourceReader(properties, new StopSignal());
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/loop/0");

        assertThatThrownBy(() -> reader.open("url", url)).isInstanceOf(InvalidContentException.class)
                .hasMessage("url '" + url + "' is redirected more than 3 times (worker.storage.http.max-redirects)");
        assertThat(hits).hasValue(4);
    }

    @Test
    void aPreSignedUrlIsRequestedWithItsQueryAndWithoutItsUserInfoAndShownWithNeither() throws Exception {
        AtomicReference<String> query = new AtomicReference<>();
        AtomicReference<String> authorization = new AtomicReference<>();
        server.createContext("/signed/", exchange -> {
            query.set(exchange.getRequestURI().getRawQuery());
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "content".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        StorageProperties properties = new StorageProperties();
        properties.getHttp().setAllowedHosts(List.of("127.0.0.1:" + server.getAddress().getPort()));
        HttpSourceReader reader = new HttpSourceReader(properties, new StopSignal());
        String address = "127.0.0.1:" + server.getAddress().getPort() + "/signed/f.dat?X-Amz-Signature=abc123&X-Amz-Expires=60";

        try (SourceContent content = reader.open("url", URI.create("http://user:secret@" + address))) {
            assertThat(content.stream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("content");
        }
        assertThat(query).hasValue("X-Amz-Signature=abc123&X-Amz-Expires=60");
        assertThat(authorization.get()).isNull();

        HttpSourceReader refusing = new HttpSourceReader(new StorageProperties(), new StopSignal());
        assertThatThrownBy(() -> refusing.open("url", URI.create("http://user:secret@" + address)))
                .hasMessageStartingWith("url 'http://127.0.0.1:" + server.getAddress().getPort() + "/signed/f.dat?***' is refused")
                .hasMessageNotContaining("secret").hasMessageNotContaining("abc123");
    }

    /** /loop/N redirects to /loop/N+1, for ever. */
    private HttpServer loopingRedirects() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/loop/", exchange -> {
                hits.incrementAndGet();
                int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/loop/".length()));
                exchange.getResponseHeaders().add("Location", "/loop/" + (n + 1));
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
