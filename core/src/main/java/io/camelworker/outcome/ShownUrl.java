package io.camelworker.outcome;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * How a URL appears in answers, logs and dead letters: without its {@code user:password@} part and with its query
 * string replaced by {@code ?***}, since either may hold a secret (a password, a pre-signed URL's
 * {@code X-Amz-Signature}, an Azure SAS token's {@code sig}). Works on text that is not a valid URI too, since invalid
 * URLs are shown in errors as well, and on messages that contain URLs ({@link #inText}).
 */
public final class ShownUrl {

    private static final String SCHEME = "[A-Za-z][A-Za-z0-9+.-]*://";
    /** A URL given alone: everything up to the first {@code @} of its authority, spaces included (an invalid URL). */
    private static final Pattern USER_INFO = Pattern.compile("^(" + SCHEME + ")[^/?#@]*@");
    private static final Pattern QUERY = Pattern.compile("\\?[^#]*");
    /** URLs within a message: each ends at white space or a quote. */
    private static final Pattern USER_INFO_IN_TEXT = Pattern.compile("(" + SCHEME + ")[^/?#@\\s'\"]*@");
    private static final Pattern QUERY_IN_TEXT = Pattern.compile("(" + SCHEME + "[^?#\\s'\"]*)\\?[^#\\s'\"]*");

    private ShownUrl() {
    }

    public static String of(String url) {
        return url == null ? null : QUERY.matcher(withoutUserInfo(url)).replaceFirst("?***");
    }

    /**
     * The URL itself without its {@code user:password@} part, for use rather than display (its query string, which a
     * pre-signed URL needs, stays): a request to it, an endpoint the SDK is given.
     */
    public static String withoutUserInfo(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1");
    }

    public static String of(URI url) {
        return url == null ? null : of(url.toString());
    }

    /** A message (an exception's, a source's error) with every URL in it shown as {@link #of(String)} shows one. */
    public static String inText(String text) {
        return text == null ? null
                : QUERY_IN_TEXT.matcher(USER_INFO_IN_TEXT.matcher(text).replaceAll("$1")).replaceAll("$1?***");
    }
}
