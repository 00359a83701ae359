package io.camelworker.storage.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedHostsTest {

    @Test
    void aHostAloneAllowsEveryPortOfThatHostAndNoOtherHost() {
        AllowedHosts hosts = new AllowedHosts(List.of("Data.Example.org"));

        assertThat(hosts.allows(URI.create("https://data.example.org/x"))).isTrue();
        assertThat(hosts.allows(URI.create("http://data.example.org:8080/x"))).isTrue();
        assertThat(hosts.allows(URI.create("http://data.example.org.evil/x"))).isFalse();
        assertThat(hosts.allows(URI.create("http://10.0.0.1/x"))).isFalse();
    }

    @Test
    void aHostWithAPortAllowsThatPortOnlyTheSchemeDefaultCounting() {
        AllowedHosts hosts = new AllowedHosts(List.of("127.0.0.1:8080", "files:443", "[::1]:9000"));

        assertThat(hosts.allows(URI.create("http://127.0.0.1:8080/x"))).isTrue();
        assertThat(hosts.allows(URI.create("http://127.0.0.1:8081/x"))).isFalse();
        assertThat(hosts.allows(URI.create("https://files/x"))).isTrue();
        assertThat(hosts.allows(URI.create("http://files/x"))).isFalse();
        assertThat(hosts.allows(URI.create("http://[::1]:9000/x"))).isTrue();
        assertThat(hosts.allows(URI.create("file:///etc/passwd"))).isFalse();
    }

    @Test
    void onlyHostsAndHostPortsAreValidEntries() {
        assertThat(List.of("host", "host:1", "10.0.0.1:65535", "[::1]", "[::1]:80")).allMatch(AllowedHosts::isValidEntry);
        assertThat(List.of("", " ", "http://host", "host/path", "host:0", "host:x", "user@host", "::1", "[::1"))
                .noneMatch(AllowedHosts::isValidEntry);
    }
}
