package io.camelworker.steps.files;

import java.util.List;

/**
 * SUCCESS content of a delete-files request.
 *
 * @param deleted the URLs whose file this request deleted
 * @param absent  the URLs whose file was already gone (a redelivered request finds the files it deleted before)
 * @param skipped the URLs left alone, with why: REGARDS sends every location of a SIP, remote ones included
 */
public record DeleteFilesResult(List<String> deleted, List<String> absent, List<Skipped> skipped) {

    /** A URL the worker does not delete, and why. */
    public record Skipped(String url, String reason) {
    }
}
