package io.camelworker.testing;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops Awaitility from failing a test with an exception thrown in any other thread of the JVM while it waits.
 *
 * <p>By default Awaitility rethrows every uncaught exception it sees during an await. The test JVM also runs the
 * shutdown of the previous test class's Spring context (one cached context at a time, see spring.properties), whose
 * connection factory closes channels asynchronously; a rejected close task there failed an unrelated test. Tests assert
 * what the Worker Manager received, which is where a failure of the worker under test shows.
 */
public class AwaitOnlyOwnFailures implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }
}
