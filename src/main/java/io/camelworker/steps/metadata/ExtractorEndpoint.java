package io.camelworker.steps.metadata;

import io.camelworker.outcome.InvalidContentException;
import org.apache.camel.Exchange;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An extractor: chooses files of the product, extracts values from each, and maps them to Feature properties.
 *
 * <p>Common parameters: {@code dataType} (default {@code RAWDATA}, {@code *} for any), {@code filename} (a regular
 * expression the file name must match, default any), {@code mimeType} (a regular expression the file's detected MIME
 * type must match, default any), {@code properties} (the {@link PropertyMapping}) and {@code required} (default true:
 * a product without such a file is INVALID_CONTENT).
 */
public abstract class ExtractorEndpoint extends MetadataEndpoint {

    /** Data type of the files to read: RAWDATA, QUICKLOOK_SD, THUMBNAIL, DESCRIPTION..., or * for any. */
    private String dataType = "RAWDATA";
    /** Regular expression the file name must match entirely; default any. */
    private String filename = ".*";
    /** Regular expression the file's MIME type (as file-facts detects it, from the first bytes) must match; default any. */
    private String mimeType;
    /** The mapping of extracted values to Feature properties, one {@code property[:type] = source} per line. */
    private String properties;
    /** Whether a product without a matching file is INVALID_CONTENT (true) or left as it is (false). */
    private boolean required = true;

    private Pattern filenamePattern;
    private Pattern mimeTypePattern;
    private PropertyMapping mapping;

    protected ExtractorEndpoint(String uri, MetadataComponent component) {
        super(uri, component);
    }

    public String getDataType() { return dataType; }
    public void setDataType(String dataType) { this.dataType = dataType; }
    public String getFilename() { return filename; }
    public void setFilename(String filename) { this.filename = filename; }
    public String getMimeType() { return mimeType; }
    public void setMimeType(String mimeType) { this.mimeType = mimeType; }
    public String getProperties() { return properties; }
    public void setProperties(String properties) { this.properties = properties; }
    public boolean isRequired() { return required; }
    public void setRequired(boolean required) { this.required = required; }

    /** The step's name in messages, e.g. {@code metadata:geospatial}. */
    abstract String stepName();

    /** Checks what only this extractor knows (its own parameters, the sources it can look up). */
    abstract void checkExtractorParameters(PropertyMapping mapping);

    /**
     * Extracts from one file and applies the mapping.
     *
     * @param index the file's index in the Feature's {@code files}
     * @param label names the file in messages, e.g. {@code files[0] 'x.tif'}
     */
    abstract void extract(int index, String label, ProductFeature.File file, ProductUpdate update, PropertyMapping mapping)
            throws Exception;

    @Override
    final void checkParameters() {
        try {
            filenamePattern = Pattern.compile(filename);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(getEndpointUri() + ": parameter filename is not a valid regular expression: "
                    + e.getMessage());
        }
        try {
            mimeTypePattern = mimeType == null || mimeType.isBlank() ? null : Pattern.compile(mimeType);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(getEndpointUri() + ": parameter mimeType is not a valid regular expression: "
                    + e.getMessage());
        }
        mapping = PropertyMapping.parse(stepName() + " parameter properties", properties);
        checkExtractorParameters(mapping);
    }

    @Override
    final void process(Exchange exchange) throws Exception {
        ProductUpdate update = ProductUpdate.of(exchange, getComponent().reader());
        List<Integer> chosen = new ArrayList<>();
        List<ProductFeature.File> files = update.feature().files();
        for (int i = 0; i < files.size(); i++) {
            ProductFeature.File file = files.get(i);
            if (("*".equals(dataType) || dataType.equals(file.dataType())) && filenamePattern.matcher(file.filename()).matches()
                    && (mimeTypePattern == null || mimeTypePattern.matcher(detectedMimeType(i, file, update)).matches())) {
                chosen.add(i);
            }
        }
        if (chosen.isEmpty() && required) {
            throw new InvalidContentException("files: no file has dataType " + dataType + " and a name matching '" + filename
                    + "'" + (mimeTypePattern == null ? "" : " and a MIME type matching '" + mimeType + "'") + ", which step "
                    + stepName() + " requires");
        }
        for (int i : chosen) {
            ProductFeature.File file = files.get(i);
            extract(i, ProductFiles.label(i, file), file, update, mapping);
        }
    }

    /** The MIME type of a file from its first bytes, read once per request (file-facts records it when it runs first). */
    private String detectedMimeType(int index, ProductFeature.File file, ProductUpdate update) {
        return update.mimeType(index, () -> getComponent().files().stream(index, file, content -> {
            try (InputStream in = content.stream()) {
                return FileFactsExtractor.mimeType(in.readNBytes(FileFactsExtractor.SNIFF_BYTES), file);
            }
        }, getComponent().stopSignal()));
    }

    /** Throws when a rule's source is not one of {@code known} and does not start with one of the prefixes. */
    static void checkSources(String step, PropertyMapping mapping, List<String> known, String... prefixes) {
        for (PropertyMapping.Rule rule : mapping.rules()) {
            boolean prefixed = false;
            for (String prefix : prefixes) {
                prefixed |= rule.source().startsWith(prefix) && rule.source().length() > prefix.length();
            }
            if (!prefixed && !known.contains(rule.source())) {
                throw new IllegalArgumentException(step + " parameter properties: source '" + rule.source()
                        + "' of property '" + rule.property() + "' is unknown; known: " + String.join(", ", known)
                        + (prefixes.length == 0 ? "" : ", " + String.join("<name>, ", prefixes) + "<name>"));
            }
        }
    }
}
