package io.camelworker.steps.metadata;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Step {@code metadata:sidecar}: reads the metadata file next to each chosen data file and offers the values its
 * sources select: a JSON Pointer (RFC 6901, e.g. {@code /quality/cloudCover}) in a JSON sidecar, an XPath 1.0
 * expression (e.g. {@code /product/quality/cloudCover}; namespaces are not bound, use {@code local-name()}) in an XML
 * one. Parameter {@code name} gives the sidecar's name from the data file's: {@code {base}} is the name without its
 * last extension, {@code {name}} the whole name (default {@code {base}.json}); {@code format} is json, xml or auto (by
 * the sidecar's extension); {@code optional} (default false) lets a product without sidecar pass.
 *
 * <p>JSON Pointer and the JDK's XPath rather than Camel's JSONPath: a sidecar value is addressed by its path, which
 * both standards do, and neither needs a new dependency.
 */
final class SidecarExtractor extends Extractor {

    static final String NAME = "sidecar";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Name of the sidecar next to the data file; {base} is the data file name without extension, {name} the whole name. */
    private final String name;
    /** json, xml, or auto: by the sidecar's extension. */
    private final String format;
    /** Whether a data file without sidecar passes (true) or is answered ERROR (false). */
    private final boolean optional;

    private boolean xml;
    private final Map<String, XPathExpression> xpaths = new HashMap<>();
    private final Map<String, JsonPointer> pointers = new HashMap<>();

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
                if (xml) {
                    xpaths.put(rule.source(), XPathFactory.newInstance().newXPath().compile(rule.source()));
                } else {
                    pointers.put(rule.source(), JsonPointer.compile(rule.source()));
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
        Function<String, Object> values;
        try {
            values = component().files().stream(sidecarField, ProductFiles.sibling(dataUrl, sidecarName), content -> {
                if (content.size() > maxSize) {
                    throw tooLarge(sidecarField, maxSize);
                }
                byte[] bytes;
                try (InputStream in = content.stream()) {
                    bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
                }
                if (bytes.length > maxSize) {
                    throw tooLarge(sidecarField, maxSize);
                }
                return xml ? xmlValues(sidecarField, bytes) : jsonValues(sidecarField, bytes);
            }, component().stopSignal());
        } catch (ProcessingErrorException missing) {
            if (optional && !(missing instanceof ProductFiles.UnreachableException)) {
                return;
            }
            throw missing;
        }
        mapping.apply(values, update, index, sidecarField);
    }

    private Function<String, Object> jsonValues(String field, byte[] bytes) {
        try {
            JsonNode tree = JSON.readTree(bytes);
            return source -> {
                JsonNode value = tree.at(pointers.get(source));
                return value.isMissingNode() || value.isNull() ? null : value;
            };
        } catch (JsonProcessingException e) {
            throw new InvalidContentException(field + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidContentException(field + " cannot be read as JSON: " + e.getMessage(), e);
        }
    }

    private Function<String, Object> xmlValues(String field, byte[] bytes) {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // A sidecar comes from outside: no DTD, no external entity.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (SAXException | IOException e) {
            throw new InvalidContentException(field + " is not valid XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses secure settings", e);
        }
        return source -> {
            XPathExpression expression = xpaths.get(source);
            try {
                synchronized (expression) {
                    Node node = (Node) expression.evaluate(document, XPathConstants.NODE);
                    return node == null ? null : node.getTextContent().strip();
                }
            } catch (XPathExpressionException notANode) {
                try {
                    synchronized (expression) {
                        String text = expression.evaluate(document);
                        return text == null || text.isEmpty() ? null : text;
                    }
                } catch (XPathExpressionException e) {
                    throw new InvalidContentException(field + ": XPath '" + source + "' cannot be evaluated: " + e.getMessage(), e);
                }
            }
        };
    }

    private static InvalidContentException tooLarge(String field, long maxSize) {
        return new InvalidContentException(field + " is larger than worker.metadata.max-sidecar-size (" + maxSize + " bytes)");
    }
}
