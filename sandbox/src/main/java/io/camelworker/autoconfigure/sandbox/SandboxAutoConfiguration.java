package io.camelworker.autoconfigure.sandbox;

import io.camelworker.sandbox.Sandbox;
import io.camelworker.sandbox.SandboxPool;
import io.camelworker.sandbox.SandboxProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Wires the sandbox that parses untrusted content in child JVMs. Its processes start on the first parse, so a worker
 * that parses nothing starts none; they are killed when the context closes.
 */
@AutoConfiguration
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Sandbox.class)
    SandboxPool sandbox(SandboxProperties properties) {
        return new SandboxPool(properties);
    }
}
