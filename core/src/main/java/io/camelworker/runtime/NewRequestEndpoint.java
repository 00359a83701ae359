package io.camelworker.runtime;

import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.protocol.RegardsHeaders;
import io.camelworker.protocol.RequestContext;
import io.camelworker.protocol.TraceContext;
import io.camelworker.retry.StopSignal;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Submits the body as a new request of one content type to the REGARDS Worker Manager, which dispatches it to the
 * worker type that takes that content type. Tenant, owner and session are those of the request being
 * processed unless the endpoint sets them, and so is the trace context ({@code traceparent}, {@code tracestate}). The
 * new request id is derived from the current request id, the content type
 * and the rank of the submission in the exchange, so that a redelivered request submits the same ids again and the
 * manager recognises the duplicates; set the {@code WorkerNewRequestId} header to choose the id. The body must be a JSON
 * object: the manager reads every new request into its {@code RequestEvent} and drops anything else without an answer,
 * so any other body fails the step with ERROR and nothing is published.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = NewRequestComponent.SCHEME, title = "REGARDS New Request",
        syntax = "regards-request:contentType", producerOnly = true, remote = true,
        category = {Category.MESSAGING, Category.WORKFLOW}, headersClass = WorkerHeaders.class)
public class NewRequestEndpoint extends DefaultEndpoint {

    private static final String SUBMISSIONS = "WorkerNewRequestSubmissions";

    @UriPath(description = "Content type of the new request (header regards.request.content_type): the manager"
            + " dispatches it to the worker type configured for that content type.")
    @Metadata(required = true)
    private final String contentType;
    private final WorkerRuntime runtime;

    @UriParam(label = "producer", description = "Owner of the new request; default: the owner of the request being"
            + " processed (header regards.request.owner).")
    private String owner;

    @UriParam(label = "producer", description = "Session of the new request; default: the session of the request"
            + " being processed (header regards.request.session).")
    private String session;

    NewRequestEndpoint(String uri, NewRequestComponent component, String contentType, WorkerRuntime runtime) {
        super(uri, component);
        this.contentType = contentType;
        this.runtime = runtime;
    }

    public String getOwner() { return owner; }
    public void setOwner(String owner) { this.owner = owner; }
    public String getSession() { return session; }
    public void setSession(String session) { this.session = session; }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("'" + getEndpointUri() + "' only submits requests; consume with regards-worker:<type>");
    }

    @Override
    public Producer createProducer() {
        StopSignal stop = new StopSignal();
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                byte[] body = BodyBytes.of(exchange, runtime.objectMapper());
                String notAnObject = JsonObjectBody.describeIfNotAnObject(body);
                if (notAnObject != null) {
                    throw new ProcessingErrorException("'" + getEndpointUri() + "' submits only a JSON object (the manager "
                            + "drops any other body without answering); the body is " + notAnObject);
                }
                RequestContext request = newRequest(exchange);
                runtime.publisher().submitRequest(request, body, stop);
                exchange.getMessage().setHeader(WorkerHeaders.NEW_REQUEST_ID, request.requestId());
            }

            @Override
            protected void doStop() throws Exception {
                stop.raise();
                super.doStop();
            }
        };
    }

    private RequestContext newRequest(Exchange exchange) {
        String tenant = required(exchange, RegardsHeaders.TENANT, null);
        String newOwner = required(exchange, RegardsHeaders.REQUEST_OWNER, owner);
        String newSession = required(exchange, RegardsHeaders.REQUEST_SESSION, session);
        String id = exchange.getMessage().getHeader(WorkerHeaders.NEW_REQUEST_ID, String.class);
        if (id == null) {
            int rank = exchange.getProperty(SUBMISSIONS, 0, Integer.class) + 1;
            exchange.setProperty(SUBMISSIONS, rank);
            String parentId = required(exchange, RegardsHeaders.REQUEST_ID, null);
            id = UUID.nameUUIDFromBytes((parentId + '/' + contentType + '/' + rank).getBytes(StandardCharsets.UTF_8)).toString();
        }
        // The request's trace context, as the exchange carries it (a tracer may have put a span of its own there).
        return new RequestContext(tenant, id, newOwner, newSession, contentType,
                TraceContext.from(exchange.getMessage().getHeaders()));
    }

    private static String required(Exchange exchange, String header, String configured) {
        String value = configured != null ? configured : exchange.getMessage().getHeader(header, String.class);
        if (value == null || value.isBlank()) {
            throw new ProcessingErrorException("cannot submit a new request: header " + header + " is missing, and the manager "
                    + "skips requests without it");
        }
        return value;
    }
}
