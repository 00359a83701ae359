package io.camelworker.transport;

/**
 * Escapes values that come from requests before they are logged: a newline or another control character in a header
 * would otherwise start a forged log line or hide the rest of one.
 */
public final class LogValues {

    private LogValues() {
    }

    /** The value as text with {@code \n}, {@code \r}, {@code \t} and every other control character escaped; "null" for null. */
    public static String escape(Object value) {
        String text = String.valueOf(value);
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (control && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                if (!control) {
                    escaped.append(c);
                } else if (c == '\n') {
                    escaped.append("\\n");
                } else if (c == '\r') {
                    escaped.append("\\r");
                } else if (c == '\t') {
                    escaped.append("\\t");
                } else {
                    escaped.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }
}
