package io.camelworker.storage.camel;

import io.camelworker.outcome.ShownUrl;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Camel endpoints the deployment declared as storage ({@code worker.storage.endpoints}): files under each one's URL
 * prefix are read from and stored to that endpoint, with the guarantees of the built-in connectors.
 */
@ConfigurationProperties("worker.storage")
@Validated
public class CamelEndpointsProperties {

    /** Default bound of one read: how long the endpoint may take to deliver a file (or say it has none). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    /** Camel endpoints files are read from and stored to; a URL under none of their prefixes is not theirs. */
    @Valid
    @NotNull
    private List<Endpoint> endpoints = new ArrayList<>();

    @AssertTrue(message = "worker.storage.endpoints: every name must be unique, and no url may be a prefix of another's")
    public boolean isEndpointsDistinct() {
        Set<String> names = new HashSet<>();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.getName() != null && !names.add(endpoint.getName())) {
                return false;
            }
            for (Endpoint other : endpoints) {
                if (other != endpoint && endpoint.getUrl() != null && other.getUrl() != null
                        && other.getUrl().toString().startsWith(endpoint.getUrl().toString())) {
                    return false;
                }
            }
        }
        return true;
    }

    public List<Endpoint> getEndpoints() { return endpoints; }
    public void setEndpoints(List<Endpoint> endpoints) { this.endpoints = endpoints; }

    /** One Camel endpoint used as storage. */
    public static class Endpoint {

        /** Short name of the endpoint, shown in logs and errors instead of its URI (which may hold credentials). */
        @NotBlank
        @Pattern(regexp = "[A-Za-z0-9._-]+", message = "must be letters, digits, '.', '_' or '-'")
        private String name;

        /**
         * URL prefix that requests and answers use for the files of this endpoint, ending with '/', without user
         * info: e.g. {@code sftp://sftp.example.org:22/archive/} or {@code https://account.blob.core.windows.net/archive/}.
         */
        @NotNull
        private URI url;

        /**
         * Camel endpoint URI the files are written and read through, for the directory (or container) the url prefix
         * names: e.g. {@code sftp://sftp.example.org:22/archive?username=worker&password={{sftp.password}}} or
         * {@code azure-storage-blob://account/archive?credentialType=SHARED_ACCOUNT_KEY&accessKey=RAW({{azure.key}})};
         * credentials as {{property placeholders}}. Supported schemes: ftp, ftps, sftp, azure-storage-blob.
         */
        @NotBlank
        private String uri;

        /**
         * How long a read of a remote file (ftp, ftps, sftp) may wait for the server to answer (the read's
         * {@code soTimeout}, unless the uri sets one), and an aborted write for the producer to stop before its
         * temporary file is removed; Azure reads are bounded by the Azure SDK's own timeouts.
         */
        @NotNull
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;

        @AssertTrue(message = "must be an absolute URL with a host, ending with '/', without user info, query or fragment")
        public boolean isUrlValid() {
            return url == null || (url.isAbsolute() && url.getHost() != null && url.getRawUserInfo() == null
                    && url.getRawQuery() == null && url.getRawFragment() == null && url.getRawPath() != null
                    && url.getRawPath().endsWith("/"));
        }

        @AssertTrue(message = "must use a supported scheme: " + ComponentDialect.SUPPORTED)
        public boolean isUriSchemeSupported() {
            return uri == null || ComponentDialect.forUri(uri) != null;
        }

        @AssertTrue(message = "must be positive")
        public boolean isReadTimeoutPositive() {
            return readTimeout == null || (!readTimeout.isNegative() && !readTimeout.isZero());
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public URI getUrl() { return url; }
        public void setUrl(URI url) { this.url = url; }
        public String getUri() { return uri; }
        public void setUri(String uri) { this.uri = uri; }
        public Duration getReadTimeout() { return readTimeout; }
        public void setReadTimeout(Duration readTimeout) { this.readTimeout = readTimeout; }

        @Override
        public String toString() {
            // The URI stays out of logs and of Spring's binding error messages: it may hold credentials.
            return "Endpoint[" + name + ", " + ShownUrl.of(url) + "]";
        }
    }
}
