package io.camelworker.steps.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.camelworker.outcome.InvalidContentException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import io.camelworker.steps.RequestBodyReader;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The update being built for one request: the Feature it patches, and the properties and geometry the extractors found.
 * It lives in an exchange property, so that the steps of a route add to the same update.
 */
public final class ProductUpdate {

    /** Exchange property holding the update. */
    public static final String EXCHANGE_PROPERTY = "CamelWorkerProductUpdate";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper TREE = JsonMapper.builder().build();

    private final ProductFeature feature;
    private final ObjectNode properties = JSON.objectNode();
    private double[] box;
    private final Map<Integer, String> mimeTypes = new HashMap<>();

    ProductUpdate(ProductFeature feature) {
        this.feature = feature;
    }

    /**
     * The update of the exchange, reading the request body as a Feature the first time (INVALID_CONTENT if it is not
     * one): the bare Feature, as the notifier's WorkerManagerSender sends it, or wrapped as {@code {"feature":{...}}}.
     */
    static ProductUpdate of(Exchange exchange, RequestBodyReader reader) {
        ProductUpdate update = exchange.getProperty(EXCHANGE_PROPERTY, ProductUpdate.class);
        if (update == null) {
            byte[] body = exchange.getIn().getBody(byte[].class);
            ProductFeature feature = isWrapped(body) ? reader.read(body, WrappedFeature.class).feature()
                    : reader.read(body, ProductFeature.class);
            update = new ProductUpdate(feature);
            exchange.setProperty(EXCHANGE_PROPERTY, update);
        }
        return update;
    }

    /**
     * A Feature inside an object of its own, as in REGARDS' WorkerManagerSenderIT; the validation messages then name
     * {@code feature.urn}.
     *
     * @param feature the Feature
     */
    public record WrappedFeature(@Valid @NotNull ProductFeature feature) {
    }

    /** A body whose top level has an object {@code feature} and no {@code urn}: a bare Feature has no such member. */
    private static boolean isWrapped(byte[] body) {
        if (body == null || body.length == 0) {
            return false;
        }
        try {
            JsonNode tree = TREE.readTree(body);
            return tree != null && tree.path("feature").isObject() && !tree.has("urn");
        } catch (IOException e) {
            return false; // the reader names what is wrong
        }
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

    /** The detected MIME type of file {@code index}, detected by {@code detect} the first time it is asked for. */
    String mimeType(int index, Supplier<String> detect) {
        String known = mimeTypes.get(index);
        if (known == null) {
            known = detect.get();
            mimeTypes.put(index, known);
        }
        return known;
    }

    /** Records the MIME type a step detected while reading file {@code index} anyway. */
    void recordMimeType(int index, String mimeType) {
        mimeTypes.put(index, mimeType);
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
