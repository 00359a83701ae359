package com.example.productname;

import io.camelworker.steps.RequestBodyReader;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The product-name worker: camel-worker's starter runs the route of application.yml, and this class adds its step.
 *
 * <p>An application class of its own rather than {@code io.camelworker.WorkerApplication}: it is where this project's
 * beans are wired, and {@code @SpringBootTest} finds it from the tests' package.
 */
@SpringBootApplication
public class ProductNameWorkerApplication {

    /** Camel resolves {@code product-name:} to the component bean of that name; the framework's reader validates requests. */
    @Bean(ProductNameComponent.SCHEME)
    ProductNameComponent productNameComponent(RequestBodyReader reader) {
        return new ProductNameComponent(reader);
    }

    public static void main(String[] args) {
        SpringApplication.run(ProductNameWorkerApplication.class, args);
    }
}
