package io.camelworker.steps.archive;

import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One attempt at a request's extractions, kept in an exchange property: the budget all its archives share, and what
 * it extracted, removed if the attempt fails (what it reused from an earlier delivery is left). The copies a split
 * makes of the exchange share it, so it spans every archive of the request.
 */
final class ExtractionAttempt implements Synchronization {

    /** Exchange property holding the attempt: internal state of the steps, not an input. */
    static final String PROPERTY = "CamelWorkerExtractionAttempt";

    private final ExtractionWorkspace workspace;
    private final WorkspaceKey key;
    private final ExtractionBudget budget;
    private final List<Extraction> made = Collections.synchronizedList(new ArrayList<>());

    private ExtractionAttempt(ExtractionWorkspace workspace, WorkspaceKey key) {
        this.workspace = workspace;
        this.key = key;
        this.budget = workspace.newBudget();
    }

    /** Starts the attempt of an exchange: a new budget, and the removal of its extractions if the exchange fails. */
    static ExtractionAttempt start(Exchange exchange, ExtractionWorkspace workspace) {
        ExtractionAttempt attempt = new ExtractionAttempt(workspace, WorkspaceKey.of(exchange));
        exchange.setProperty(PROPERTY, attempt);
        exchange.getExchangeExtension().addOnCompletion(attempt);
        return attempt;
    }

    /** The attempt of the exchange, started by an earlier step or now. */
    static ExtractionAttempt of(Exchange exchange, ExtractionWorkspace workspace) {
        ExtractionAttempt attempt = exchange.getProperty(PROPERTY, ExtractionAttempt.class);
        return attempt != null ? attempt : start(exchange, workspace);
    }

    ExtractionBudget budget() {
        return budget;
    }

    void made(Extraction extraction) {
        made.add(extraction);
    }

    @Override
    public void onComplete(Exchange exchange) {
        // The extractions are the answer's: they stay.
    }

    @Override
    public void onFailure(Exchange exchange) {
        List<Extraction> extractions;
        synchronized (made) {
            extractions = List.copyOf(made);
        }
        workspace.discard(key, extractions);
    }
}
