package io.camelworker.steps.files;

import org.apache.camel.spi.Metadata;

/**
 * Camel headers the {@code files} steps set. The step's input is the body, the delete-files request; these count its
 * outcome for the steps after it (a log, a metric), the body holding the URLs themselves.
 */
public final class FilesHeaders {

    @Metadata(description = "Set by files:delete: how many files this request deleted.", javaType = "int")
    public static final String DELETED = "FilesDeleted";

    @Metadata(description = "Set by files:delete: how many files were already gone (deleted by an earlier delivery, or"
            + " never there).", javaType = "int")
    public static final String ABSENT = "FilesAbsent";

    @Metadata(description = "Set by files:delete: how many URLs were left alone (locations that are not this worker's"
            + " to delete).", javaType = "int")
    public static final String SKIPPED = "FilesSkipped";

    private FilesHeaders() {
    }
}
