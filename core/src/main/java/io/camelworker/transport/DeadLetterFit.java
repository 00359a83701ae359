package io.camelworker.transport;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import io.camelworker.protocol.RegardsHeaders;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Shortens a dead letter whose headers do not fit in one frame ({@code frame_max}, 128 KiB by default): the request's
 * headers plus the stack trace may not, and a message whose headers exceed a frame can never be published. The stack
 * trace is cut first, then the largest headers that are not REGARDS' own are emptied, until it fits; the stack trace
 * ends with a note of what was cut. REGARDS headers are never touched: without them the manager cannot match the request.
 */
final class DeadLetterFit {

    /** Prefix of the headers REGARDS reads, which are never cut. */
    private static final String REGARDS_PREFIX = "regards.";

    /** Room kept for the note that says what was cut. */
    private static final int NOTE_ROOM = 256;

    private DeadLetterFit() {
    }

    /**
     * @param frameSize the size of the header frame of properties (see {@link ConfirmingChannel#headerFrameSize})
     * @return the properties, shortened to fit {@code frameMax} when they can be; as they are when they fit, or when
     *         even without any other header they cannot (the publication is then refused for good)
     */
    static AMQP.BasicProperties fit(AMQP.BasicProperties properties, int frameMax, ToIntFunction<AMQP.BasicProperties> frameSize) {
        if (frameMax <= 0 || frameSize.applyAsInt(properties) <= frameMax) {
            return properties;
        }
        Map<String, Object> headers = new HashMap<>(properties.getHeaders());
        String trace = String.valueOf(headers.getOrDefault(RegardsHeaders.EXCEPTION_STACKTRACE, ""));
        List<String> emptied = new ArrayList<>();
        while (true) {
            headers.put(RegardsHeaders.EXCEPTION_STACKTRACE, trace + note(frameMax, emptied));
            AMQP.BasicProperties shortened = properties.builder().headers(new HashMap<>(headers)).build();
            int overflow = frameSize.applyAsInt(shortened) - frameMax;
            if (overflow <= 0) {
                return shortened;
            }
            if (!trace.isEmpty()) {
                // One character is at least one byte: cutting 'overflow' characters removes at least the excess.
                trace = trace.substring(0, Math.max(0, trace.length() - overflow - NOTE_ROOM));
                continue;
            }
            String largest = largestOtherHeader(headers);
            if (largest == null) {
                return properties;
            }
            emptied.add("'" + largest + "' (" + length(headers.get(largest)) + " characters)");
            headers.put(largest, "");
        }
    }

    private static String note(int frameMax, List<String> emptied) {
        return "\n[dead letter shortened to fit the broker's frame_max of " + frameMax + " bytes: stack trace cut"
                + (emptied.isEmpty() ? "" : "; headers emptied: " + String.join(", ", emptied)) + "]";
    }

    private static String largestOtherHeader(Map<String, Object> headers) {
        String largest = null;
        int largestLength = 0;
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            int length = length(header.getValue());
            if (!header.getKey().startsWith(REGARDS_PREFIX) && !header.getKey().equals(RegardsHeaders.EXCEPTION_STACKTRACE)
                    && length > largestLength) {
                largest = header.getKey();
                largestLength = length;
            }
        }
        return largest;
    }

    private static int length(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof LongString text) {
            return (int) text.length();
        }
        return value == null ? 0 : value.toString().length();
    }
}
