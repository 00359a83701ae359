package io.camelworker.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelworker.management.ManagementEndpoints;
import io.camelworker.management.ManagementHttpServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.info.InfoEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.actuate.endpoint.jackson.EndpointObjectMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthEndpointWebExtension;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.Ssl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The actuator's health, info and Prometheus endpoints on {@code server.port} (8080), or on {@code management.server.port}
 * and {@code management.server.address} when they are set, served by the JDK's HTTP server ({@link ManagementHttpServer})
 * in a worker that has no web server of Spring Boot's own; an application that adds one (spring-boot-starter-web) gets
 * Spring Boot's actuator endpoints instead.
 */
@AutoConfiguration(after = {HealthEndpointAutoConfiguration.class, InfoEndpointAutoConfiguration.class,
        PrometheusMetricsExportAutoConfiguration.class, JacksonEndpointAutoConfiguration.class})
@ConditionalOnNotWebApplication
@Conditional(ManagementServerAutoConfiguration.ServesHttp.class)
@EnableConfigurationProperties({ServerProperties.class, ManagementServerProperties.class, WebEndpointProperties.class})
public class ManagementServerAutoConfiguration {

    /** Spring Boot's default {@code server.port}. */
    static final int DEFAULT_PORT = 8080;

    /** The health endpoint as Spring MVC would serve it: groups, their status codes, {@code show-details}. */
    @Bean
    @ConditionalOnBean(HealthEndpoint.class)
    @ConditionalOnMissingBean
    HealthEndpointWebExtension healthEndpointWebExtension(HealthContributorRegistry registry, HealthEndpointGroups groups,
                                                          HealthEndpointProperties properties) {
        return new HealthEndpointWebExtension(registry, groups, properties.getLogging().getSlowIndicatorThreshold());
    }

    @Bean
    ManagementHttpServer managementHttpServer(ServerProperties server, ManagementServerProperties management,
                                              WebEndpointProperties web, ObjectProvider<HealthEndpointWebExtension> health,
                                              ObjectProvider<InfoEndpoint> info, ObjectProvider<PrometheusScrapeEndpoint> prometheus,
                                              ObjectProvider<EndpointObjectMapper> endpointJson, ObjectMapper json,
                                              ConfigurableEnvironment environment) {
        boolean ownPort = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
        if (Ssl.isEnabled(ownPort ? management.getSsl() : server.getSsl())) {
            throw new IllegalStateException((ownPort ? "management.server.ssl" : "server.ssl") + " is enabled, but the "
                    + "management endpoints are served over plain HTTP: terminate TLS in front of the worker");
        }
        int port = ownPort ? management.getPort() : server.getPort() == null ? DEFAULT_PORT : server.getPort();
        InetAddress address = ownPort ? management.getAddress() : server.getAddress();
        WebServerNamespace namespace = ownPort ? WebServerNamespace.MANAGEMENT : WebServerNamespace.SERVER;
        ManagementEndpoints endpoints = new ManagementEndpoints(web.getBasePath(), namespace, health.getIfAvailable(),
                info.getIfAvailable(), prometheus.getIfAvailable(), endpointJson.getIfAvailable(() -> () -> json).get());
        return new ManagementHttpServer(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port),
                namespace.getValue(), endpoints, environment);
    }

    /**
     * Unless HTTP is turned off as Spring Boot turns it off ({@code management.server.port=-1}, or {@code server.port=-1}
     * without a management port), or the worker runs offline ({@code worker.offline}: the route author's commands, which
     * must not take the port of a worker running beside them).
     */
    static class ServesHttp extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            if (environment.getProperty("worker.offline", Boolean.class, false)) {
                return ConditionOutcome.noMatch("worker.offline");
            }
            ManagementPortType portType = ManagementPortType.get(environment);
            if (portType == ManagementPortType.DISABLED
                    || (portType == ManagementPortType.SAME && environment.getProperty("server.port", Integer.class, DEFAULT_PORT) < 0)) {
                return ConditionOutcome.noMatch("HTTP is off (management.server.port or server.port is negative)");
            }
            return ConditionOutcome.match("the management endpoints are served over HTTP");
        }
    }
}
