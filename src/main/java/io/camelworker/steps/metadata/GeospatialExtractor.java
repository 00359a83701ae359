package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;
import org.apache.sis.measure.Range;
import org.apache.sis.metadata.iso.extent.Extents;
import org.apache.sis.storage.Aggregate;
import org.apache.sis.storage.DataStore;
import org.apache.sis.storage.DataStoreException;
import org.apache.sis.storage.DataStores;
import org.apache.sis.storage.GridCoverageResource;
import org.apache.sis.storage.Resource;
import org.apache.sis.storage.StorageConnector;
import org.apache.sis.storage.UnsupportedStorageException;
import org.apache.sis.util.collection.TableColumn;
import org.apache.sis.util.collection.TreeTable;
import org.opengis.metadata.Metadata;
import org.opengis.metadata.extent.Extent;
import org.opengis.metadata.extent.GeographicBoundingBox;
import org.opengis.metadata.identification.DataIdentification;
import org.opengis.metadata.identification.Identification;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step {@code metadata:geospatial}: opens each chosen file with Apache SIS (GeoTIFF, NetCDF), which reads the headers
 * only, never the whole raster. The geographic bounding box becomes the Feature's {@code geometry} (a WGS84 Polygon;
 * parameter {@code geometry}: {@code required} (default), {@code optional} or {@code none}) and is offered as {@code west}, {@code east}, {@code south}, {@code north};
 * the temporal extent as {@code start} and {@code end}; the title as {@code title}; the format as {@code format}; and
 * any native attribute (a NetCDF global or variable attribute, a TIFF tag) as {@code attribute:<name>} or
 * {@code attribute:<variable>/<name>}.
 */
final class GeospatialExtractor extends Extractor {

    static final String NAME = "geospatial";
    private static final String ATTRIBUTE = "attribute:";
    private static final List<String> FACTS = List.of("west", "east", "south", "north", "start", "end", "title", "format");

    /** Expected format: auto (any format SIS reads), GeoTIFF or NetCDF; another format is INVALID_CONTENT. */
    private final String format;
    /** required: the bounding box becomes the geometry, a file without one is INVALID_CONTENT; optional: when there is one; none. */
    private final String geometry;

    GeospatialExtractor(MetadataEndpoint endpoint) {
        super(endpoint);
        this.format = endpoint.getFormat();
        this.geometry = endpoint.getGeometry();
    }

    @Override
    void checkExtractorParameters(PropertyMapping mapping) {
        if (!List.of("auto", "geotiff", "netcdf").contains(format.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(stepName() + " parameter format '" + format + "' must be auto, GeoTIFF or NetCDF");
        }
        if (!List.of("required", "optional", "none").contains(geometry)) {
            throw new IllegalArgumentException(stepName() + " parameter geometry '" + geometry + "' must be required, optional or none");
        }
        checkSources(stepName(), mapping, FACTS, ATTRIBUTE);
    }

    @Override
    void extract(int index, String field, ProductFeature.File file, ProductUpdate update, PropertyMapping mapping) {
        Map<String, Object> facts = component().files().local(index, file, path -> read(field, path, mapping),
                component().stopSignal());
        boolean hasExtent = facts.get("west") != null;
        if ("required".equals(geometry) && !hasExtent) {
            throw new InvalidContentException(field + " has no geographic extent, which step " + stepName()
                    + " needs with geometry=required");
        }
        if (!"none".equals(geometry) && hasExtent) {
            update.extendFootprint((double) facts.get("west"), (double) facts.get("south"), (double) facts.get("east"),
                    (double) facts.get("north"));
        }
        mapping.apply(facts::get, update, index, field);
    }

    private Map<String, Object> read(String field, Path path, PropertyMapping mapping) throws IOException {
        // SIS allocates what a header declares: a crafted one must be refused before SIS reads it.
        HeaderPreCheck.check(field, path, component().properties().headerLimits());
        try (DataStore store = DataStores.open(new StorageConnector(path))) {
            String found = store.getProvider().getShortName();
            if (!"auto".equalsIgnoreCase(format) && !format.equalsIgnoreCase(found)) {
                throw new InvalidContentException(field + " is " + found + ", not " + format + " as step " + stepName() + " expects");
            }
            Map<String, Object> facts = new HashMap<>();
            facts.put("format", found);
            Metadata metadata = store.getMetadata();
            GeographicBoundingBox box = boundingBox(store, metadata);
            if (box != null) {
                facts.put("west", box.getWestBoundLongitude());
                facts.put("east", box.getEastBoundLongitude());
                facts.put("south", box.getSouthBoundLatitude());
                facts.put("north", box.getNorthBoundLatitude());
            }
            for (Identification identification : metadata.getIdentificationInfo()) {
                if (identification.getCitation() != null && identification.getCitation().getTitle() != null) {
                    facts.putIfAbsent("title", identification.getCitation().getTitle().toString());
                }
                if (identification instanceof DataIdentification data) {
                    for (Extent extent : data.getExtents()) {
                        Range<Date> time = Extents.getTimeRange(extent);
                        if (time != null) {
                            putIfNotNull(facts, "start", time.getMinValue());
                            putIfNotNull(facts, "end", time.getMaxValue());
                        }
                    }
                }
            }
            TreeTable nativeMetadata = store.getNativeMetadata().orElse(null);
            for (MappingRule rule : mapping.rules()) {
                if (rule.source().startsWith(ATTRIBUTE) && nativeMetadata != null) {
                    putIfNotNull(facts, rule.source(), attribute(nativeMetadata.getRoot(), rule.source().substring(ATTRIBUTE.length())));
                }
            }
            return facts;
        } catch (UnsupportedStorageException e) {
            throw new InvalidContentException(field + " is not a geospatial file step " + stepName() + " can read ("
                    + ("auto".equalsIgnoreCase(format) ? "GeoTIFF, NetCDF" : format) + ")");
        } catch (DataStoreException | RuntimeException e) {
            if (e instanceof InvalidContentException invalid) {
                throw invalid;
            }
            throw new InvalidContentException(field + " cannot be read as " + ("auto".equalsIgnoreCase(format) ? "a geospatial file" : format)
                    + ": " + e.getMessage(), e);
        }
    }

    private static GeographicBoundingBox boundingBox(DataStore store, Metadata metadata) throws DataStoreException {
        GeographicBoundingBox box = Extents.getGeographicBoundingBox(metadata);
        if (box != null || !(store instanceof Aggregate aggregate)) {
            return box;
        }
        for (Resource component : aggregate.components()) {
            if (component instanceof GridCoverageResource coverage) {
                GeographicBoundingBox part = coverage.getGridGeometry().getGeographicExtent().orElse(null);
                box = box == null ? part : part == null ? box : Extents.union(box, part);
            }
        }
        return box;
    }

    /** Finds a native attribute: its first path segment anywhere in the tree, the next ones among the children. */
    private static Object attribute(TreeTable.Node root, String path) {
        String[] names = path.split("/");
        List<TreeTable.Node> start = new ArrayList<>();
        collect(root, names[0], start);
        for (TreeTable.Node node : start) {
            TreeTable.Node current = node;
            for (int i = 1; i < names.length && current != null; i++) {
                current = child(current, names[i]);
            }
            if (current != null) {
                return plain(current.getValue(TableColumn.VALUE));
            }
        }
        return null;
    }

    private static void collect(TreeTable.Node node, String name, List<TreeTable.Node> found) {
        for (TreeTable.Node child : node.getChildren()) {
            if (named(child, name)) {
                found.add(child);
            }
            collect(child, name, found);
        }
    }

    private static TreeTable.Node child(TreeTable.Node node, String name) {
        return node.getChildren().stream().filter(c -> named(c, name)).findFirst().orElse(null);
    }

    private static boolean named(TreeTable.Node node, String name) {
        CharSequence nodeName = node.getValue(TableColumn.NAME);
        String identifier = node.getValue(TableColumn.IDENTIFIER);
        return (nodeName != null && name.equals(nodeName.toString())) || name.equals(identifier);
    }

    /** Single-element arrays (a NetCDF attribute of one number) become the element; longer ones text. */
    private static Object plain(Object value) {
        if (value != null && value.getClass().isArray()) {
            if (Array.getLength(value) == 1) {
                return Array.get(value, 0);
            }
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
            return items.toString();
        }
        return value instanceof CharSequence text ? text.toString() : value;
    }

    private static void putIfNotNull(Map<String, Object> facts, String name, Object value) {
        if (value != null) {
            facts.putIfAbsent(name, value);
        }
    }
}
