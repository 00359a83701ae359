package io.camelworker.steps.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An {@code LtaWorkerRequestDto} (payloads spec §2), read as a JSON tree so that everything this worker does not know,
 * unknown fields included, is written back as it came. Its {@code product.files[]} entries of type {@code ZIP} are the
 * archives to extract.
 */
final class LtaRequest {

    private static final Pattern MD5 = Pattern.compile("^[0-9a-fA-F]{32}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode request;

    private LtaRequest(ObjectNode request) {
        this.request = request;
    }

    /** Reads and checks a request. */
    static LtaRequest read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidContentException("request body is empty; expected a JSON LtaWorkerRequestDto");
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
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
        return new LtaRequest(object);
    }

    /**
     * The ZIP files of the product, in order, each checked (a URL, an MD5 of 32 hexadecimal digits) and named: by its
     * filename, else the URL's last segment, made unique with its index when two have the same.
     */
    List<ProductArchive> archives() {
        ArrayNode files = files();
        List<ProductArchive> archives = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            JsonNode entry = files.get(i);
            if (!isArchive(entry)) {
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
            archives.add(new ProductArchive(field, url, checksum, name));
        }
        return archives;
    }

    /**
     * The request, as JSON bytes, with each ZIP file replaced in place by the files extracted from it.
     *
     * @param extracted the files of each archive, in the order of {@link #archives()}
     */
    byte[] withExtractedFiles(List<List<LtaProductFile>> extracted) throws JsonProcessingException {
        ArrayNode updated = JSON.createArrayNode();
        Iterator<List<LtaProductFile>> next = extracted.iterator();
        int archives = 0;
        for (JsonNode entry : files()) {
            if (!isArchive(entry)) {
                updated.add(entry);
                continue;
            }
            archives++;
            if (!next.hasNext()) {
                break;
            }
            next.next().forEach(file -> updated.add(JSON.valueToTree(file)));
        }
        if (archives != extracted.size()) {
            throw new ProcessingErrorException("the request has " + archives + " ZIP file(s) but " + extracted.size()
                    + " extraction(s) were collected: each ZIP file of archive:read-request is extracted once");
        }
        ObjectNode copy = request.deepCopy();
        ((ObjectNode) copy.get("product")).set("files", updated);
        return JSON.writeValueAsBytes(copy);
    }

    String text() {
        return request.toString();
    }

    private ArrayNode files() {
        return (ArrayNode) request.get("product").get("files");
    }

    private static boolean isArchive(JsonNode entry) {
        return LtaDataType.ZIP.name().equals(entry.path("type").asText());
    }

    private static String text(JsonNode entry, String name, String field) {
        JsonNode value = entry.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidContentException("field '" + field + "." + name + "' must not be empty");
        }
        return value.asText();
    }
}
