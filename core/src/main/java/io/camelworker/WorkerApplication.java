package io.camelworker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The worker service: runs the YAML routes selected by {@code camel.main.routes-include-pattern}. Everything a worker
 * needs comes from the auto-configuration, so a project with its own {@code @SpringBootApplication} runs the same worker.
 */
@SpringBootApplication
public class WorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
