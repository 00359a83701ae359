package io.camelworker.steps.archive;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A ZIP file of an LTA product, to extract: what {@code archive:read-request} gives a split, one item per archive, as
 * a map of plain values a route sets the {@link ArchiveHeaders} from.
 *
 * @param field       the request field it came from, e.g. {@code product.files[1]}, which error messages name
 * @param url         where it is
 * @param checksumMd5 its expected MD5, 32 hexadecimal digits
 * @param name        the name of its extraction's directory, unique in the request
 */
record ProductArchive(String field, String url, String checksumMd5, String name) {

    /** The item of the split: keys {@code field}, {@code url}, {@code checksumMd5}, {@code name}. */
    Map<String, String> toMap() {
        Map<String, String> item = new LinkedHashMap<>();
        item.put("field", field);
        item.put("url", url);
        item.put("checksumMd5", checksumMd5);
        item.put("name", name);
        return item;
    }
}
