package io.camelworker.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Drains a sandbox process's stderr into the worker's log at debug, keeping its last lines for failure messages. A
 * line is cut at {@value #MAX_LINE} characters: a library that prints a file's content does not fill the worker's heap.
 */
final class ChildLog implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxChild.class);
    static final int MAX_LINE = 500;
    static final int KEPT_LINES = 20;

    private final InputStream stderr;
    private final long pid;
    private final Deque<String> last = new ArrayDeque<>();

    ChildLog(InputStream stderr, long pid) {
        this.stderr = stderr;
        this.pid = pid;
    }

    @Override
    public void run() {
        StringBuilder line = new StringBuilder();
        byte[] buffer = new byte[8192];
        try (stderr) {
            for (int n; (n = stderr.read(buffer)) >= 0; ) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        append(line, buffer, start, i);
                        line(line.toString());
                        line.setLength(0);
                        start = i + 1;
                    }
                }
                append(line, buffer, start, n);
            }
        } catch (IOException e) {
            // The process ended and its pipe was closed under the reader.
        }
        if (!line.isEmpty()) {
            line(line.toString());
        }
    }

    private static void append(StringBuilder line, byte[] buffer, int from, int to) {
        int room = MAX_LINE - line.length();
        if (room > 0) {
            line.append(new String(buffer, from, Math.min(to - from, room), StandardCharsets.UTF_8));
        }
    }

    private void line(String text) {
        LOG.debug("sandbox {}: {}", pid, text);
        synchronized (last) {
            if (last.size() == KEPT_LINES) {
                last.removeFirst();
            }
            last.addLast(text);
        }
    }

    /** The last lines the process wrote to stderr, oldest first. */
    List<String> lastLines() {
        synchronized (last) {
            return List.copyOf(last);
        }
    }
}
