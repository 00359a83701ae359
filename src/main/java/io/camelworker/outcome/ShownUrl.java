package io.camelworker.outcome;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * How a URL appears in answers, logs and dead letters: without its {@code user:password@} part, which may hold a
 * secret. Works on text that is not a valid URI too, since invalid URLs are shown in errors as well.
 */
public final class ShownUrl {

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

    private ShownUrl() {
    }

    public static String of(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1");
    }

    public static String of(URI url) {
        return url == null ? null : of(url.toString());
    }
}
