package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.steps.RequestBodyReader;
import org.apache.camel.Exchange;

/**
 * The update being built for one request: the Feature it patches, and the properties and geometry the extractors found.
 * It lives in an exchange property, so that the steps of a route add to the same update.
 */
public final class ProductUpdate {

    /** Exchange property holding the update. */
    public static final String EXCHANGE_PROPERTY = "CamelWorkerProductUpdate";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ProductFeature feature;
    private final ObjectNode properties = JSON.objectNode();
    private double[] box;

    ProductUpdate(ProductFeature feature) {
        this.feature = feature;
    }

    /** The update of the exchange, reading the request body as a Feature the first time (INVALID_CONTENT if it is not one). */
    static ProductUpdate of(Exchange exchange, RequestBodyReader reader) {
        ProductUpdate update = exchange.getProperty(EXCHANGE_PROPERTY, ProductUpdate.class);
        if (update == null) {
            update = new ProductUpdate(reader.read(exchange.getIn().getBody(byte[].class), ProductFeature.class));
            exchange.setProperty(EXCHANGE_PROPERTY, update);
        }
        return update;
    }

    public ProductFeature feature() {
        return feature;
    }

    /** The properties found so far, nested in fragments. */
    public ObjectNode properties() {
        return properties;
    }

    /** Sets a property given its dotted path, creating the fragments on the way. */
    void setProperty(String path, JsonNode value) {
        String[] names = path.split("\\.");
        ObjectNode fragment = properties;
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode child = fragment.get(names[i]);
            if (child == null) {
                child = fragment.putObject(names[i]);
            } else if (!child.isObject()) {
                throw new InvalidContentException("property '" + path + "': '" + String.join(".", java.util.Arrays.copyOf(names, i + 1))
                        + "' already holds a value, not a fragment; check the route's mapping");
            }
            fragment = (ObjectNode) child;
        }
        fragment.set(names[names.length - 1], value);
    }

    /** Extends the product's footprint with a WGS84 bounding box (degrees). */
    void extendFootprint(double west, double south, double east, double north) {
        if (box == null) {
            box = new double[] {west, south, east, north};
        } else {
            box = new double[] {Math.min(box[0], west), Math.min(box[1], south), Math.max(box[2], east), Math.max(box[3], north)};
        }
    }

    /** The footprint as a GeoJSON Polygon (counter-clockwise, closed), or null when no extractor set one. */
    public ObjectNode geometry() {
        if (box == null) {
            return null;
        }
        ObjectNode polygon = JSON.objectNode().put("type", "Polygon");
        ArrayNode ring = polygon.putArray("coordinates").addArray();
        double[][] corners = {{box[0], box[1]}, {box[2], box[1]}, {box[2], box[3]}, {box[0], box[3]}, {box[0], box[1]}};
        for (double[] corner : corners) {
            ring.addArray().add(corner[0]).add(corner[1]);
        }
        return polygon;
    }
}
