package io.camelworker.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.StreamCache;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.util.ObjectHelper;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/** Turns a route's body into the bytes sent to the manager: text and bytes as they are, other objects as JSON. */
final class BodyBytes {

    /** Camel's default charset, read as Camel reads it: UTF-8 unless {@code org.apache.camel.default.charset} says otherwise. */
    private static final Charset CAMEL_DEFAULT_CHARSET =
            Charset.forName(ObjectHelper.getSystemProperty(Exchange.DEFAULT_CHARSET_PROPERTY, "UTF-8"));

    private BodyBytes() {
    }

    /** The body's bytes, or null when the body is null or empty. */
    static byte[] of(Exchange exchange, com.fasterxml.jackson.databind.ObjectMapper objectMapper)
            throws NoTypeConversionAvailableException, JsonProcessingException {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return null;
        }
        // Bytes as they are, and text in the charset the route set (Exchange.CHARSET_NAME), else in Camel's default:
        // what Camel's converter gives for a String, without its look-up (a few percent of the no-op route's CPU,
        // JFR), and for any other CharSequence too, which Camel has no converter for.
        if (body instanceof byte[] raw) {
            return raw.length == 0 ? null : raw;
        }
        if (body instanceof CharSequence text) {
            if (text.isEmpty()) {
                return null;
            }
            Charset charset = exchange.getProperty(Exchange.CHARSET_NAME) == null ? CAMEL_DEFAULT_CHARSET
                    : Charset.forName(ExchangeHelper.getCharsetName(exchange));
            return text.toString().getBytes(charset);
        }
        byte[] bytes = body instanceof InputStream || body instanceof StreamCache || body instanceof ByteBuffer
                ? exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body)
                : objectMapper.writeValueAsBytes(body);
        return bytes.length == 0 ? null : bytes;
    }
}
