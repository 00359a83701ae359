package io.camelworker.steps.metadata;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Body of a Feature Manager PATCH request (payloads spec §4.2): {@code {"metadata":{...},"feature":{...}}}.
 *
 * @param metadata the request's metadata
 * @param feature  what to patch: identification, and only the properties (and geometry) to change
 */
public record FeatureUpdateRequestEvent(Metadata metadata, Feature feature) {

    /**
     * {@code FeatureMetadata}: no storage change, a priority.
     *
     * @param storages always empty: the worker patches metadata, not files
     * @param priority LOW, NORMAL or HIGH
     */
    public record Metadata(List<Object> storages, String priority) {
    }

    /**
     * The patch; a null geometry is left out, so that the Feature Manager keeps the current one.
     *
     * @param type       always {@code Feature}
     * @param id         the provider id, when the request had one
     * @param urn        the feature to patch
     * @param entityType DATA, COLLECTION or DATASET
     * @param model      the feature's model
     * @param properties the extracted properties only
     * @param geometry   the extracted footprint, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Feature(String type, String id, String urn, String entityType, String model, ObjectNode properties,
                          ObjectNode geometry) {
    }
}
