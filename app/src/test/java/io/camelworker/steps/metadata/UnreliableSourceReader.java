package io.camelworker.steps.metadata;

import io.camelworker.storage.SourceContent;
import io.camelworker.storage.SourceReader;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A storage connector that cannot be reached at first: {@code unreliable://<failures>/<absolute path>} fails with a
 * connection refusal {@code failures} times, then serves the local file. It stands for an http or S3 server that is down.
 */
final class UnreliableSourceReader implements SourceReader {

    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    @Override
    public boolean supports(URI url) {
        return "unreliable".equals(url.getScheme());
    }

    @Override
    public SourceContent open(String field, URI url) throws IOException {
        int attempt = attempts.merge(url.toString(), 1, Integer::sum);
        if (attempt <= Integer.parseInt(url.getHost().replace("f", ""))) {
            throw new ConnectException("Connection refused");
        }
        Path file = Path.of(url.getPath());
        return new SourceContent(Files.newInputStream(file), Files.size(file), file.getFileName().toString());
    }

    int attempts(String url) {
        return attempts.getOrDefault(url, 0);
    }
}
