package io.camelworker.steps.metadata;

import io.camelworker.steps.StepEndpoint;
import io.camelworker.steps.StepOptions;
import org.apache.camel.Category;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extracts the metadata of a REGARDS product (a GeoJSON Feature and its files) and patches the product in the Feature
 * Manager: each extractor step chooses files of the product, extracts values and maps them to Feature properties, then
 * metadata:publish-update sends the update and waits for the Feature Manager's answer.
 *
 * <p>One endpoint class for all the steps, as Camel components with several operations have: each option says in its
 * label which steps it applies to ({@value #EXTRACTORS} for every extractor), and an option given to a step it does not
 * apply to stops the route from starting.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = MetadataComponent.SCHEME, title = "REGARDS Product Metadata",
        syntax = "metadata:step", producerOnly = true, remote = false,
        category = {Category.FILE, Category.TRANSFORMATION}, headersClass = MetadataHeaders.class)
public class MetadataEndpoint extends StepEndpoint {

    /** Label of the options every extractor step takes. */
    static final String EXTRACTORS = "extractor";

    static final String DEFAULT_DATA_TYPE = "RAWDATA";
    static final String DEFAULT_FILENAME = ".*";
    static final String DEFAULT_ALGORITHM = "MD5";
    static final String DEFAULT_FORMAT = "auto";
    static final String DEFAULT_GEOMETRY = "required";
    static final String DEFAULT_SIDECAR_NAME = "{base}.json";

    @UriPath(enums = FileFactsExtractor.NAME + "," + FileNameExtractor.NAME + "," + GeospatialExtractor.NAME + ","
            + ImageExtractor.NAME + "," + SidecarExtractor.NAME + "," + PublishUpdateStep.NAME,
            description = "The step: file-facts (size, digest, MIME type), file-name (product name patterns), geospatial"
                    + " (GeoTIFF and NetCDF headers with Apache SIS), image (width, height, EXIF/XMP), sidecar (a JSON or"
                    + " XML file next to the data file), each adding properties to the product's update; publish-update"
                    + " sends the update to the Feature Manager.")
    @Metadata(required = true)
    private final String step;

    @UriParam(label = EXTRACTORS, defaultValue = DEFAULT_DATA_TYPE,
            description = "Data type of the files to read (RAWDATA, QUICKLOOK_SD, QUICKLOOK_MD, QUICKLOOK_HD, THUMBNAIL,"
                    + " DESCRIPTION, AIP...), or an asterisk for any.")
    private String dataType = DEFAULT_DATA_TYPE;

    @UriParam(label = EXTRACTORS, defaultValue = DEFAULT_FILENAME,
            description = "Regular expression the whole file name (attributes.filename, else the URL's last segment)"
                    + " must match.")
    private String filename = DEFAULT_FILENAME;

    @UriParam(label = EXTRACTORS,
            description = "Regular expression the file's MIME type must match, as file-facts detects it: from the first"
                    + " 16 bytes (PNG, JPEG, GIF, TIFF, NetCDF, HDF5, ZIP, PDF, XML), else the declared mimeType, else"
                    + " from the name; a pattern image/ then any characters chooses the images whatever their names. Default: any.")
    private String mimeType;

    @UriParam(label = EXTRACTORS, prefix = PropertyMapping.PROPERTY_PREFIX, multiValue = true,
            javaType = "java.util.Map<java.lang.String, java.lang.String>",
            description = "One rule of the mapping per option: property.NAME: SOURCE sets Feature property NAME (dots nest"
                    + " it in fragments, {index} is the file's index) to the value of SOURCE, one of those the step"
                    + " offers; a source without a value sets nothing.")
    private Map<String, Object> propertySources = new LinkedHashMap<>();

    @UriParam(label = EXTRACTORS, prefix = PropertyMapping.TYPE_PREFIX, multiValue = true,
            javaType = "java.util.Map<java.lang.String, java.lang.String>",
            description = "The type of a mapped property: type.NAME: TYPE, one of auto (the default: numbers stay numbers,"
                    + " dates become ISO-8601 UTC), string, integer, double, boolean, date (ISO-8601 input) or"
                    + " date(pattern) (a java.time pattern, UTC when it has no offset); a value that does not convert"
                    + " is INVALID_CONTENT naming the property.")
    private Map<String, Object> propertyTypes = new LinkedHashMap<>();

    @UriParam(label = EXTRACTORS, defaultValue = "true",
            description = "Whether a product without a matching file is INVALID_CONTENT (true) or left as it is (false).")
    private boolean required = true;

    @UriParam(label = FileFactsExtractor.NAME, defaultValue = DEFAULT_ALGORITHM,
            description = "JCA digest of source checksum: MD5, SHA-1, SHA-256, SHA-512...")
    private String algorithm = DEFAULT_ALGORITHM;

    @UriParam(label = FileNameExtractor.NAME,
            description = "Required by file-name: a regular expression the whole file name must match, with named"
                    + " groups (Java syntax) that are the sources of the mapping; a name that does not match is"
                    + " INVALID_CONTENT.")
    private String pattern;

    @UriParam(label = GeospatialExtractor.NAME + "," + SidecarExtractor.NAME, defaultValue = DEFAULT_FORMAT,
            enums = "auto,GeoTIFF,NetCDF,json,xml",
            description = "geospatial: the format expected, auto (any format Apache SIS reads), GeoTIFF or NetCDF;"
                    + " another format found is INVALID_CONTENT. sidecar: json, xml, or auto by the sidecar name's"
                    + " extension.")
    private String format = DEFAULT_FORMAT;

    @UriParam(label = GeospatialExtractor.NAME, defaultValue = DEFAULT_GEOMETRY, enums = "required,optional,none",
            description = "required: the WGS84 bounding box becomes the Feature's geometry and a file without one is"
                    + " INVALID_CONTENT; optional: the box when the file has one; none: the geometry is left as it is.")
    private String geometry = DEFAULT_GEOMETRY;

    @UriParam(label = SidecarExtractor.NAME, defaultValue = DEFAULT_SIDECAR_NAME,
            description = "Name of the sidecar, next to the data file: {base} is the data file name without its last"
                    + " extension, {name} the whole name.")
    private String name = DEFAULT_SIDECAR_NAME;

    @UriParam(label = SidecarExtractor.NAME, defaultValue = "false",
            description = "Whether a data file without sidecar passes (true) or is answered ERROR (false).")
    private boolean optional;

    @UriParam(label = PublishUpdateStep.NAME,
            description = "regards.request.owner of the update, 1 to 128 characters; default worker.metadata.request-owner,"
                    + " else the worker type.")
    private String owner;

    private MetadataStep implementation;

    MetadataEndpoint(String uri, MetadataComponent component, String step) {
        super(uri, component);
        this.step = step;
    }

    @Override
    public MetadataComponent getComponent() {
        return (MetadataComponent) super.getComponent();
    }

    public String getStep() { return step; }
    public String getDataType() { return dataType; }
    public void setDataType(String dataType) { this.dataType = dataType; }
    public String getFilename() { return filename; }
    public void setFilename(String filename) { this.filename = filename; }
    public String getMimeType() { return mimeType; }
    public void setMimeType(String mimeType) { this.mimeType = mimeType; }
    public Map<String, Object> getPropertySources() { return propertySources; }
    public void setPropertySources(Map<String, Object> propertySources) { this.propertySources = propertySources; }
    public Map<String, Object> getPropertyTypes() { return propertyTypes; }
    public void setPropertyTypes(Map<String, Object> propertyTypes) { this.propertyTypes = propertyTypes; }
    public boolean isRequired() { return required; }
    public void setRequired(boolean required) { this.required = required; }
    public String getAlgorithm() { return algorithm; }
    public void setAlgorithm(String algorithm) { this.algorithm = algorithm; }
    public String getPattern() { return pattern; }
    public void setPattern(String pattern) { this.pattern = pattern; }
    public String getFormat() { return format; }
    public void setFormat(String format) { this.format = format; }
    public String getGeometry() { return geometry; }
    public void setGeometry(String geometry) { this.geometry = geometry; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean isOptional() { return optional; }
    public void setOptional(boolean optional) { this.optional = optional; }
    public String getOwner() { return owner; }
    public void setOwner(String owner) { this.owner = owner; }

    /** Makes the step of this endpoint once its options are set, and checks them. */
    void configure(MetadataStep implementation) {
        implementation.checkOptions();
        this.implementation = implementation;
    }

    /** Which step takes which option: the labels of the options above, {@value #EXTRACTORS} for every extractor. */
    static final StepOptions OPTIONS = StepOptions.of(MetadataComponent.SCHEME, MetadataEndpoint.class,
            Map.of(EXTRACTORS, List.of(FileFactsExtractor.NAME, FileNameExtractor.NAME, GeospatialExtractor.NAME,
                    ImageExtractor.NAME, SidecarExtractor.NAME)));

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        implementation.start();
    }

    @Override
    protected void process(Exchange exchange) throws Exception {
        implementation.process(exchange);
    }
}
