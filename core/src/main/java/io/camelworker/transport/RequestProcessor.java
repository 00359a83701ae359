package io.camelworker.transport;

import io.camelworker.outcome.Outcome;
import io.camelworker.outcome.RequestAbandonedException;
import io.camelworker.protocol.RequestContext;
import org.springframework.amqp.core.Message;

/** Does the work of one request, once; the listener around it owns acks, retries and answers. */
@FunctionalInterface
public interface RequestProcessor {

    /**
     * Processes the request and tells how it ended, answering ERROR once {@code budget} is spent; throws only
     * {@link RequestAbandonedException}, when the worker stops meanwhile.
     */
    Outcome process(RequestContext request, Message message, RequestBudget budget);
}
