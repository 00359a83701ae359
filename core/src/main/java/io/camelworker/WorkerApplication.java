package io.camelworker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The worker service: runs the YAML routes selected by {@code camel.main.routes-include-pattern}. Everything a worker
 * needs comes from the auto-configuration, so a project with its own {@code @SpringBootApplication} runs the same worker.
 * No component scan, then: there is nothing to find, and scanning {@code io.camelworker} would read every class file of
 * every module at each start-up.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
