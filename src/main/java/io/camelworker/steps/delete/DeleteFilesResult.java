package io.camelworker.steps.delete;

import java.util.List;

/**
 * SUCCESS content of a delete-files request.
 *
 * @param deleted the URLs whose file this request deleted
 * @param absent  the URLs whose file was already gone (a redelivered request finds the files it deleted before)
 */
public record DeleteFilesResult(List<String> deleted, List<String> absent) {
}
