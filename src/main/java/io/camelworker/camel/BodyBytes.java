package io.camelworker.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.StreamCache;

import java.io.InputStream;
import java.nio.ByteBuffer;

/** Turns a route's body into the bytes sent to the manager: text and bytes as they are, other objects as JSON. */
final class BodyBytes {

    private BodyBytes() {
    }

    /** The body's bytes, or null when the body is null or empty. */
    static byte[] of(Exchange exchange, com.fasterxml.jackson.databind.ObjectMapper objectMapper)
            throws NoTypeConversionAvailableException, JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return null;
        }
        byte[] bytes = body instanceof byte[] || body instanceof CharSequence || body instanceof InputStream
                || body instanceof StreamCache || body instanceof ByteBuffer
                ? exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body)
                : objectMapper.writeValueAsBytes(body);
        return bytes.length == 0 ? null : bytes;
    }
}
