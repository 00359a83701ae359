package io.camelworker.steps.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelworker.outcome.InvalidContentException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Step {@code extractLtaProductZips}: the REGARDS LTA workflow's first step ({@code lta-to-extract-request} in,
 * {@code lta-extracted-request} out, payloads spec §2).
 *
 * <p>Input: an {@code LtaWorkerRequestDto}. Each {@code product.files[]} entry of type {@code ZIP} is read from its URL,
 * its {@code checksumMd5} verified, and extracted into the workspace ({@link ExtractionWorkspace}); the entry is
 * replaced, in place, by one entry per extracted regular file ({@link LtaProductFile}, sorted by path). Everything else
 * in the request, unknown fields included, is kept as it came. Output: the updated request, as JSON bytes. All the
 * archives of the request share one {@link ExtractionBudget}. An attempt that fails (refused, interrupted...) removes
 * the extractions it made, and only those.
 */
public class LtaProductZipExtractionStep implements Processor {

    private static final Pattern MD5 = Pattern.compile("^[0-9a-fA-F]{32}$");

    private final ExtractionWorkspace workspace;
    private final List<TypeRule> typeRules;
    private final ObjectMapper json = new ObjectMapper();

    /** A compiled {@code worker.extraction.type-rules} entry. */
    public record TypeRule(Pattern pattern, LtaDataType type) {
    }

    public LtaProductZipExtractionStep(ExtractionWorkspace workspace, List<TypeRule> typeRules) {
        this.workspace = workspace;
        this.typeRules = List.copyOf(typeRules);
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        ObjectNode request = read(exchange.getMessage().getBody(byte[].class));
        ArrayNode files = (ArrayNode) request.get("product").get("files");
        WorkspaceKey key = WorkspaceKey.of(exchange);
        ExtractionBudget budget = workspace.newBudget();
        ArrayNode updated = json.createArrayNode();
        Set<String> names = new HashSet<>();
        List<Extraction> made = new ArrayList<>();
        boolean answered = false;
        try {
            for (int i = 0; i < files.size(); i++) {
                JsonNode entry = files.get(i);
                if (!LtaDataType.ZIP.name().equals(entry.path("type").asText())) {
                    updated.add(entry);
                    continue;
                }
                String field = "product.files[" + i + "]";
                String url = text(entry, "url", field);
                String checksum = text(entry, "checksumMd5", field);
                if (!MD5.matcher(checksum).matches()) {
                    throw new InvalidContentException("field '" + field + ".checksumMd5' must be 32 hexadecimal digits");
                }
                String name = entry.hasNonNull("filename") ? entry.get("filename").asText() : ExtractArchiveStep.lastSegment(url);
                if (!names.add(name)) {
                    name = name + "-" + i;
                }
                Extraction extraction = workspace.extract(key, name, field, url, checksum, budget);
                made.add(extraction);
                if (extraction.files().isEmpty()) {
                    throw new InvalidContentException(field + " archive '" + url + "' holds no file to ingest");
                }
                for (ExtractedFile file : extraction.files()) {
                    updated.add(json.valueToTree(new LtaProductFile(typeOf(file.path()), file.file().toUri().toString(),
                            file.file().getFileName().toString(), file.checksumMd5(), MimeTypes.of(file.file()))));
                }
            }
            ((ObjectNode) request.get("product")).set("files", updated);
            exchange.getMessage().setBody(json.writeValueAsBytes(request));
            answered = true;
        } finally {
            if (!answered) {
                workspace.discard(key, made);
            }
        }
    }

    private LtaDataType typeOf(String path) {
        return typeRules.stream().filter(rule -> rule.pattern().matcher(path).matches()).map(TypeRule::type)
                .findFirst().orElse(LtaDataType.RAWDATA);
    }

    private ObjectNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidContentException("request body is empty; expected a JSON LtaWorkerRequestDto");
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidContentException("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidContentException("request body cannot be read: " + e.getMessage());
        }
        if (!(request instanceof ObjectNode object)) {
            throw new InvalidContentException("request body must be a JSON object (LtaWorkerRequestDto)");
        }
        if (!object.path("product").isObject()) {
            throw new InvalidContentException("field 'product' must be an object");
        }
        if (!object.get("product").path("files").isArray()) {
            throw new InvalidContentException("field 'product.files' must be an array");
        }
        return object;
    }

    private static String text(JsonNode entry, String name, String field) {
        JsonNode value = entry.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidContentException("field '" + field + "." + name + "' must not be empty");
        }
        return value.asText();
    }
}
