package io.camelworker.autoconfigure.connectors;

import io.camelworker.storage.camel.CamelEndpointDestinationFactory;
import io.camelworker.storage.camel.CamelEndpointSourceReader;
import io.camelworker.storage.camel.CamelEndpoints;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connectors start only when endpoints are declared, and a declaration that cannot work stops the start-up with a
 * message naming the property, never showing the URI's credentials.
 */
class CamelEndpointStorageAutoConfigurationTest {

    private static final String SFTP = "sftp://127.0.0.1:2222/archive?username=worker&password=secret-4711";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withBean(CamelContext.class, DefaultCamelContext::new)
            .withUserConfiguration(CamelEndpointStorageAutoConfiguration.class);

    @Test
    void noEndpointDeclaredStartsNoConnector() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CamelEndpoints.class)
                .doesNotHaveBean(CamelEndpointSourceReader.class));
    }

    @Test
    void aDeclaredEndpointStartsTheReaderAndTheDestinationFactory() {
        runner.withPropertyValues("worker.storage.endpoints[0].name=archive",
                        "worker.storage.endpoints[0].url=sftp://127.0.0.1:2222/archive/",
                        "worker.storage.endpoints[0].uri=" + SFTP)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CamelEndpointSourceReader.class)
                        .hasSingleBean(CamelEndpointDestinationFactory.class));
    }

    @Test
    void aUrlWithoutTrailingSlashIsRefusedNamingTheProperty() {
        runner.withPropertyValues("worker.storage.endpoints[0].name=archive",
                        "worker.storage.endpoints[0].url=sftp://127.0.0.1:2222/archive",
                        "worker.storage.endpoints[0].uri=" + SFTP)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("worker.storage.endpoints[0].urlValid")
                        .hasStackTraceContaining("ending with '/'"));
    }

    @Test
    void aSchemeNoDialectSpeaksIsRefusedListingTheSupportedOnes() {
        runner.withPropertyValues("worker.storage.endpoints[0].name=archive",
                        "worker.storage.endpoints[0].url=gs://bucket/archive/",
                        "worker.storage.endpoints[0].uri=google-storage://bucket")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("worker.storage.endpoints[0].uriSchemeSupported")
                        .hasStackTraceContaining("azure-storage-blob"));
    }

    @Test
    void anUnknownEndpointOptionIsRefusedWithoutShowingThePassword() {
        runner.withPropertyValues("worker.storage.endpoints[0].name=archive",
                        "worker.storage.endpoints[0].url=sftp://127.0.0.1:2222/archive/",
                        "worker.storage.endpoints[0].uri=" + SFTP + "&colour=blue")
                .run(context -> {
                    assertThat(context).hasFailed().getFailure()
                            .hasStackTraceContaining("worker.storage.endpoints[0].uri (endpoint 'archive')")
                            .hasStackTraceContaining("colour");
                    assertThat(stackTrace(context.getStartupFailure())).doesNotContain("secret-4711");
                });
    }

    @Test
    void twoEndpointsWithOverlappingUrlsAreRefused() {
        runner.withPropertyValues("worker.storage.endpoints[0].name=archive",
                        "worker.storage.endpoints[0].url=sftp://127.0.0.1:2222/archive/",
                        "worker.storage.endpoints[0].uri=" + SFTP,
                        "worker.storage.endpoints[1].name=inner",
                        "worker.storage.endpoints[1].url=sftp://127.0.0.1:2222/archive/inner/",
                        "worker.storage.endpoints[1].uri=" + SFTP)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("no url may be a prefix of another's"));
    }

    private static String stackTrace(Throwable failure) {
        java.io.StringWriter text = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
