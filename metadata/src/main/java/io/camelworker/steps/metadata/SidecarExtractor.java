package io.camelworker.steps.metadata;

import com.fasterxml.jackson.core.JsonPointer;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;

import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.util.List;
import java.util.Locale;

/**
 * Step {@code metadata:sidecar}: reads the metadata file next to each chosen data file and offers the values its
 * sources select: a JSON Pointer (RFC 6901, e.g. {@code /quality/cloudCover}) in a JSON sidecar, an XPath 1.0
 * expression (e.g. {@code /product/quality/cloudCover}; namespaces are not bound, use {@code local-name()}) in an XML
 * one. Parameter {@code name} gives the sidecar's name from the data file's: {@code {base}} is the name without its
 * last extension, {@code {name}} the whole name (default {@code {base}.json}); {@code format} is json, xml or auto (by
 * the sidecar's extension); {@code optional} (default false) lets a product without sidecar pass. The sidecar is
 * parsed in a sandbox process ({@link SidecarValuesTask}).
 *
 * <p>JSON Pointer and the JDK's XPath rather than Camel's JSONPath: a sidecar value is addressed by its path, which
 * both standards do, and neither needs a new dependency.
 */
final class SidecarExtractor extends Extractor {

    static final String NAME = "sidecar";

    /** Name of the sidecar next to the data file; {base} is the data file name without extension, {name} the whole name. */
    private final String name;
    /** json, xml, or auto: by the sidecar's extension. */
    private final String format;
    /** Whether a data file without sidecar passes (true) or is answered ERROR (false). */
    private final boolean optional;

    private boolean xml;

    SidecarExtractor(MetadataEndpoint endpoint) {
        super(endpoint);
        this.name = endpoint.getName();
        this.format = endpoint.getFormat();
        this.optional = endpoint.isOptional();
    }

    @Override
    void checkExtractorParameters(PropertyMapping mapping) {
        String chosen = format.toLowerCase(Locale.ROOT);
        if ("auto".equals(chosen)) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.endsWith(".json") && !lower.endsWith(".xml")) {
                throw new IllegalArgumentException(stepName() + " parameter format must be json or xml when the name '" + name
                        + "' ends with neither .json nor .xml");
            }
            chosen = lower.endsWith(".xml") ? "xml" : "json";
        } else if (!"json".equals(chosen) && !"xml".equals(chosen)) {
            throw new IllegalArgumentException(stepName() + " parameter format '" + format + "' must be json, xml or auto");
        }
        xml = "xml".equals(chosen);
        for (MappingRule rule : mapping.rules()) {
            try {
                // Compiled here to stop a route with a malformed source; the sandbox process compiles them again.
                if (xml) {
                    XPathFactory.newInstance().newXPath().compile(rule.source());
                } else {
                    JsonPointer.compile(rule.source());
                }
            } catch (XPathExpressionException | IllegalArgumentException e) {
                throw new IllegalArgumentException(stepName() + " option " + rule.option() + ": source '" + rule.source()
                        + "' is not a valid " + (xml ? "XPath expression" : "JSON Pointer (e.g. /quality/cloudCover)")
                        + ": " + e.getMessage());
            }
        }
    }

    @Override
    void extract(int index, String field, ProductFeature.File file, ProductUpdate update, PropertyMapping mapping) {
        String dataUrl = file.locations().stream().map(ProductFeature.Location::url).filter(u -> u != null && !u.isBlank())
                .findFirst().orElseThrow(() -> new InvalidContentException("files[" + index + "].locations has no url to read the file from"));
        String rawName = dataUrl.replaceFirst("[?#].*$", "");
        rawName = rawName.substring(rawName.lastIndexOf('/') + 1);
        int dot = rawName.lastIndexOf('.');
        String sidecarName = name.replace("{name}", rawName).replace("{base}", dot < 0 ? rawName : rawName.substring(0, dot));
        String sidecarField = field + " sidecar '" + sidecarName + "'";
        long maxSize = component().properties().getMaxSidecarSize().toBytes();
        List<String> sources = mapping.rules().stream().map(MappingRule::source).distinct().toList();
        boolean[] found = {false};
        ExtractedValues values;
        try {
            values = component().files().opened(sidecarField, ProductFiles.sibling(dataUrl, sidecarName), sidecarName, opened -> {
                found[0] = true;
                if (opened.size() > maxSize) {
                    throw tooLarge(sidecarField, maxSize);
                }
                return parse(SidecarValuesTask.class, new SidecarValuesTask.Input(sidecarField, opened.identity(), maxSize,
                        xml, sources), sidecarField);
            }, component().stopSignal());
        } catch (ProcessingErrorException missing) {
            // Only a sidecar that is not there may be optional, not one whose parse ran out of time.
            if (optional && !found[0] && !(missing instanceof ProductFiles.UnreachableException)) {
                return;
            }
            throw missing;
        }
        mapping.apply(values::get, update, index, sidecarField);
    }

    static InvalidContentException tooLarge(String field, long maxSize) {
        return new InvalidContentException(field + " is larger than worker.metadata.max-sidecar-size (" + maxSize + " bytes)");
    }
}
