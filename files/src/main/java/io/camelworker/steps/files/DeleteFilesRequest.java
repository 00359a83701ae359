package io.camelworker.steps.files;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * Body of a REGARDS delete-files request (payloads spec §3): the input files to clean up after ingestion.
 *
 * @param urls the URLs of the files to delete
 */
public record DeleteFilesRequest(@NotEmpty List<@NotNull String> urls) {
}
