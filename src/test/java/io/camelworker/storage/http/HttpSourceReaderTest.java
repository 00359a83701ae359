package io.camelworker.storage.http;

import com.sun.net.httpserver.HttpServer;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.retry.StopSignal;
import io.camelworker.storage.StorageProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
