package io.camelworker.steps.metadata;

import io.camelworker.runtime.WorkerHeaders;
import org.apache.camel.spi.Metadata;

/**
 * Camel headers the {@code metadata} steps read or set. The extracted properties travel between steps in exchange
 * property {@value ProductUpdate#EXCHANGE_PROPERTY}, not in headers; the body is the request's Feature until
 * {@code metadata:publish-update} replaces it with the update it sent.
 */
public final class MetadataHeaders {

    @Metadata(description = "Tenant of the request: metadata:publish-update sends the update to the Feature Manager of"
            + " this tenant, and fails with ERROR without it.", javaType = "String", important = true)
    public static final String TENANT = WorkerHeaders.TENANT;

    @Metadata(description = "The worker type: regards.request.owner of the update when neither the owner option nor"
            + " worker.metadata.request-owner is set.", javaType = "String")
    public static final String WORKER_TYPE = WorkerHeaders.WORKER_TYPE;

    @Metadata(description = "Set by metadata:publish-update: the request id of the update it sent.", javaType = "String")
    public static final String FEATURE_UPDATE_REQUEST_ID = "FeatureUpdateRequestId";

    @Metadata(description = "Set by metadata:publish-update to the request id of the update: the SUCCESS answer passes"
            + " it to the workflow's next step as additional header featureUpdateRequestId.", javaType = "String")
    public static final String ADDITIONAL_FEATURE_UPDATE_REQUEST_ID =
            WorkerHeaders.ADDITIONAL_HEADER_PREFIX + "featureUpdateRequestId";

    private MetadataHeaders() {
    }
}
