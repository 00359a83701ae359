package io.camelworker.steps.metadata;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.FileIdentity;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.sandbox.SandboxTask;
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
import java.util.List;
import java.util.Map;

/**
 * The parse of {@code metadata:sidecar}, in a sandbox process: reads the sidecar (at most its size limit) from the
 * descriptor the worker checked, parses it as JSON or XML (no DTD, no external entity), and returns the value of each
 * source: a JSON Pointer's node, or an XPath's text.
 */
public final class SidecarValuesTask implements SandboxTask<SidecarValuesTask.Input, ExtractedValues> {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * @param field   names the sidecar in refusals, e.g. {@code files[0] 'x.tif' sidecar 'x.json'}
     * @param file    the sidecar the worker opened
     * @param maxSize {@code worker.metadata.max-sidecar-size} in bytes
     * @param xml     XML (XPath sources) rather than JSON (JSON Pointer sources)
     * @param sources the sources of the step's mapping, checked when its route started
     */
    public record Input(String field, FileIdentity file, long maxSize, boolean xml, List<String> sources) {
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
        byte[] bytes;
        try (OpenedFile file = AllowedRoots.openSame(input.field(), input.file()); InputStream in = file.stream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, input.maxSize() + 1));
        }
        if (bytes.length > input.maxSize()) {
            throw SidecarExtractor.tooLarge(input.field(), input.maxSize());
        }
        return input.xml() ? xmlValues(input, bytes) : jsonValues(input, bytes);
    }

    private static ExtractedValues jsonValues(Input input, byte[] bytes) {
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidContentException(input.field() + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidContentException(input.field() + " cannot be read as JSON: " + e.getMessage(), e);
        }
        Map<String, JsonNode> values = new HashMap<>();
        for (String source : input.sources()) {
            JsonNode value = tree.at(JsonPointer.compile(source));
            if (!value.isMissingNode() && !value.isNull()) {
                values.put(source, value);
            }
        }
        return new ExtractedValues(values);
    }

    private static ExtractedValues xmlValues(Input input, byte[] bytes) throws XPathExpressionException {
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
            throw new InvalidContentException(input.field() + " is not valid XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses secure settings", e);
        }
        Map<String, Object> values = new HashMap<>();
        for (String source : input.sources()) {
            values.put(source, xpathValue(input.field(), document, XPathFactory.newInstance().newXPath().compile(source), source));
        }
        return ExtractedValues.of(values);
    }

    /** The text of the node an XPath selects, else the text it evaluates to (a count, a concat...), else null. */
    private static String xpathValue(String field, Document document, XPathExpression expression, String source) {
        try {
            Node node = (Node) expression.evaluate(document, XPathConstants.NODE);
            return node == null ? null : node.getTextContent().strip();
        } catch (XPathExpressionException notANode) {
            try {
                String text = expression.evaluate(document);
                return text == null || text.isEmpty() ? null : text;
            } catch (XPathExpressionException e) {
                throw new InvalidContentException(field + ": XPath '" + source + "' cannot be evaluated: " + e.getMessage(), e);
            }
        }
    }
}
