package com.example.productname;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.steps.RequestBodyReader;
import io.camelworker.steps.StepEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

import java.util.Arrays;

/**
 * Reads a request {@code {"productName": "..."}} and answers with the metadata the name carries by its mission's naming
 * convention: satellite, level, sensing start, processing baseline, relative orbit and tile. A name that does not follow
 * the convention, or a product of a level the worker does not take, is INVALID_CONTENT.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = ProductNameComponent.SCHEME, title = "Product name",
        syntax = "product-name:convention", producerOnly = true, remote = false, category = {Category.TRANSFORMATION})
public class ProductNameEndpoint extends StepEndpoint {

    static final String SENTINEL2 = "sentinel2";

    @UriPath(enums = SENTINEL2, description = "The naming convention: sentinel2, the compact names of ESA's Sentinel-2"
            + " SAFE products (S2B_MSIL2A_20240105T103329_N0510_R108_T32TLQ_20240105T122024.SAFE).")
    @Metadata(required = true)
    private final String convention;

    @UriParam(defaultValue = "L1C,L2A", description = "The processing levels this worker takes, comma-separated; a"
            + " product of another level is INVALID_CONTENT.")
    private String levels = "L1C,L2A";

    private final RequestBodyReader reader;

    ProductNameEndpoint(String uri, ProductNameComponent component, String convention, RequestBodyReader reader) {
        super(uri, component);
        this.convention = convention;
        this.reader = reader;
    }

    @Override
    protected void process(Exchange exchange) {
        ProductNameRequest request = reader.read(exchange.getMessage().getBody(byte[].class), ProductNameRequest.class);
        Sentinel2ProductName product = Sentinel2ProductName.parse(request.productName());
        if (Arrays.stream(levels.split(",")).map(String::strip).noneMatch(product.level()::equals)) {
            throw new InvalidContentException("field 'productName': product '" + request.productName() + "' is of level "
                    + product.level() + "; this worker takes " + levels);
        }
        exchange.getMessage().setBody(product);
    }

    public String getConvention() {
        return convention;
    }

    public String getLevels() {
        return levels;
    }

    public void setLevels(String levels) {
        this.levels = levels;
    }
}
