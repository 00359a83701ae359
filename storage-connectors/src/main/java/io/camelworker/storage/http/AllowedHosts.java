package io.camelworker.storage.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The hosts http(s) sources may come from ({@code worker.storage.http.allowed-hosts}): {@code host} allows any port of
 * that host, {@code host:port} one port. Host names are compared as written, never resolved: an allowed name does not
 * allow the addresses it resolves to, nor the other way round.
 */
public final class AllowedHosts {

    static final String SETTING = "worker.storage.http.allowed-hosts";

    private final List<Entry> entries;

    public AllowedHosts(List<String> configured) {
        this.entries = configured.stream().map(AllowedHosts::parse).toList();
    }

    /** Whether a configured entry is {@code host} or {@code host:port}, IPv6 addresses in brackets. */
    public static boolean isValidEntry(String entry) {
        try {
            parse(entry);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean allows(URI url) {
        if (url.getHost() == null) {
            return false;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return entries.stream().anyMatch(e -> e.host.equals(host) && (e.port < 0 || e.port == port));
    }

    @Override
    public String toString() {
        return entries.stream().map(Entry::toString).toList().toString();
    }

    private static Entry parse(String entry) {
        if (entry == null || entry.isBlank() || entry.contains("/") || entry.contains("@")) {
            throw new IllegalArgumentException("not a host: " + entry);
        }
        String text = entry.trim().toLowerCase(Locale.ROOT);
        int portSeparator = text.startsWith("[") ? text.indexOf("]:") + 1 : text.lastIndexOf(':');
        if (text.startsWith("[") ? !text.contains("]") : text.indexOf(':') != text.lastIndexOf(':')) {
            throw new IllegalArgumentException("IPv6 addresses go in brackets: " + entry);
        }
        if (portSeparator <= 0) {
            return new Entry(text, -1);
        }
        String host = text.substring(0, portSeparator);
        int port;
        try {
            port = Integer.parseInt(text.substring(portSeparator + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + entry, e);
        }
        if (host.isEmpty() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("not host:port: " + entry);
        }
        return new Entry(host, port);
    }

    /** @param port -1 for any port */
    private record Entry(String host, int port) {
        @Override
        public String toString() {
            return port < 0 ? host : host + ":" + port;
        }
    }
}
