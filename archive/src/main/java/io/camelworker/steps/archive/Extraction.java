package io.camelworker.steps.archive;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished extraction of one archive in the workspace, and the body {@code archive:extract} gives a route, as JSON
 * {@code {"directory":"file:///…/content/","files":[…],"reused":false}}.
 *
 * @param directory the directory holding the extracted tree (in JSON, its {@code file:} URL)
 * @param files     its regular files, sorted by path
 * @param reused    whether an earlier delivery of the request had already done it
 */
public record Extraction(Path directory, List<ExtractedFile> files, boolean reused) {
}
