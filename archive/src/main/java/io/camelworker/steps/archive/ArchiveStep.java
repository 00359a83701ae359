package io.camelworker.steps.archive;

import org.apache.camel.Exchange;

/** What one {@code archive:<step>} endpoint does on each request. */
interface ArchiveStep {

    /** Does the step on one request. */
    void process(Exchange exchange) throws Exception;
}
