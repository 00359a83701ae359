package io.camelworker.steps.metadata;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.FileIdentity;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.sandbox.SandboxTask;
import io.camelworker.outcome.InvalidContentException;
import org.apache.sis.io.stream.ChannelDataInput;
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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parse of {@code metadata:geospatial}, in a sandbox process: the header pre-check, then Apache SIS (GeoTIFF,
 * NetCDF) on the same descriptor, which reads the headers only. SIS allocates what a header declares, so it runs where
 * running out of memory ends only this parse.
 */
public final class GeospatialFactsTask implements SandboxTask<GeospatialFactsTask.Input, ExtractedValues> {

    private static final String ATTRIBUTE = GeospatialExtractor.ATTRIBUTE;
    /** SIS's default buffer for a channel it opens itself. */
    private static final int BUFFER = 8192;

    /**
     * @param field      names the file in refusals, e.g. {@code files[0] 'x.tif'}
     * @param file       the file the worker opened
     * @param limits     what the header may claim
     * @param format     the format the step expects: auto, GeoTIFF or NetCDF
     * @param step       names the step in refusals
     * @param attributes the {@code attribute:<path>} sources of the step's mapping
     */
    public record Input(String field, FileIdentity file, HeaderLimits limits, String format, String step,
                        List<String> attributes) {
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
    }

    @Override
    public Class<ExtractedValues> outputType() {
        return ExtractedValues.class;
    }

    @Override
    public ExtractedValues run(Input input) throws Exception {
        try (OpenedFile file = AllowedRoots.openSame(input.field(), input.file())) {
            // SIS allocates what a header declares: a crafted one is refused before SIS reads it.
            HeaderPreCheck.check(input.field(), file, input.limits());
            return ExtractedValues.of(read(input, file));
        }
    }

    private static Map<String, Object> read(Input input, OpenedFile file) throws IOException {
        String field = input.field();
        String format = input.format();
        // SIS's own reader of a channel, named after the file: SIS seeks back in it between probes (handed the bare
        // channel, it would take it for a forward-only stream).
        ChannelDataInput channel = new ChannelDataInput(file.name(), file.channel(), ByteBuffer.allocate(BUFFER), false);
        try (DataStore store = DataStores.open(new StorageConnector(channel))) {
            String found = store.getProvider().getShortName();
            if (!"auto".equalsIgnoreCase(format) && !format.equalsIgnoreCase(found)) {
                throw new InvalidContentException(field + " is " + found + ", not " + format + " as step " + input.step() + " expects");
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
            for (String source : input.attributes()) {
                if (nativeMetadata != null) {
                    putIfNotNull(facts, source, attribute(nativeMetadata.getRoot(), source.substring(ATTRIBUTE.length())));
                }
            }
            return facts;
        } catch (UnsupportedStorageException e) {
            throw new InvalidContentException(field + " is not a geospatial file step " + input.step() + " can read ("
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
