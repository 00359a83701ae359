package com.example.productname;

import io.camelworker.steps.RequestBodyReader;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/** The {@code product-name} component: reads the metadata a product's name carries ({@code to: product-name:sentinel2}). */
public class ProductNameComponent extends DefaultComponent {

    /** The name the component is registered under. */
    public static final String SCHEME = "product-name";

    private final RequestBodyReader reader;

    public ProductNameComponent(RequestBodyReader reader) {
        this.reader = reader;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!ProductNameEndpoint.SENTINEL2.equals(remaining)) {
            throw new IllegalArgumentException("'" + uri + "': unknown naming convention '" + remaining + "'; known: "
                    + ProductNameEndpoint.SENTINEL2);
        }
        ProductNameEndpoint endpoint = new ProductNameEndpoint(uri, this, remaining, reader);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
