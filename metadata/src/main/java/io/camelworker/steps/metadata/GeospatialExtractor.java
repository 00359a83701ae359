package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;

import java.util.List;
import java.util.Locale;

/**
 * Step {@code metadata:geospatial}: opens each chosen file with Apache SIS (GeoTIFF, NetCDF), which reads the headers
 * only, never the whole raster. The geographic bounding box becomes the Feature's {@code geometry} (a WGS84 Polygon;
 * parameter {@code geometry}: {@code required} (default), {@code optional} or {@code none}) and is offered as {@code west}, {@code east}, {@code south}, {@code north};
 * the temporal extent as {@code start} and {@code end}; the title as {@code title}; the format as {@code format}; and
 * any native attribute (a NetCDF global or variable attribute, a TIFF tag) as {@code attribute:<name>} or
 * {@code attribute:<variable>/<name>}. The file is parsed in a sandbox process ({@link GeospatialFactsTask}).
 */
final class GeospatialExtractor extends Extractor {

    static final String NAME = "geospatial";
    static final String ATTRIBUTE = "attribute:";
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
        HeaderLimits limits = component().properties().headerLimits();
        List<String> attributes = mapping.rules().stream().map(MappingRule::source).filter(s -> s.startsWith(ATTRIBUTE)).toList();
        ExtractedValues facts = component().files().opened(index, file, opened -> parse(GeospatialFactsTask.class,
                new GeospatialFactsTask.Input(field, opened.identity(), limits, format, stepName(), attributes), field),
                component().stopSignal());
        boolean hasExtent = facts.get("west") != null;
        if ("required".equals(geometry) && !hasExtent) {
            throw new InvalidContentException(field + " has no geographic extent, which step " + stepName()
                    + " needs with geometry=required");
        }
        if (!"none".equals(geometry) && hasExtent) {
            update.extendFootprint(facts.number("west"), facts.number("south"), facts.number("east"), facts.number("north"));
        }
        mapping.apply(facts::get, update, index, field);
    }
}
