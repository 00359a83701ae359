package io.camelworker.sandbox;

import io.camelworker.outcome.InvalidContentException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tasks that the sandbox tests run in real sandbox processes (which have the test class path). */
final class TestTasks {

    private TestTasks() {
    }

    record Text(String value) {
    }

    /** Where a task writes its process id once it runs, for a test to find the process. */
    record Marker(String path) {
    }

    /** Answers its input in upper case, with its process id. */
    public static final class Upper implements SandboxTask<Text, Text> {
        public Class<Text> inputType() { return Text.class; }
        public Class<Text> outputType() { return Text.class; }

        public Text run(Text input) {
            return new Text(input.value().toUpperCase() + "@" + ProcessHandle.current().pid());
        }
    }

    /** Keeps allocating until its heap is exhausted. */
    public static final class Allocate implements SandboxTask<Text, Text> {
        public Class<Text> inputType() { return Text.class; }
        public Class<Text> outputType() { return Text.class; }

        public Text run(Text input) {
            List<byte[]> held = new ArrayList<>();
            while (true) {
                held.add(new byte[1024 * 1024]);
            }
        }
    }

    /** Writes its process id to the marker, then never returns. */
    public static final class Hang implements SandboxTask<Marker, Text> {
        public Class<Marker> inputType() { return Marker.class; }
        public Class<Text> outputType() { return Text.class; }

        public Text run(Marker input) throws Exception {
            Files.writeString(Path.of(input.path()), Long.toString(ProcessHandle.current().pid()));
            Thread.sleep(Long.MAX_VALUE);
            return null;
        }
    }

    /** Prints to System.out, including bytes that would read as a frame's length, then answers. */
    public static final class Print implements SandboxTask<Text, Text> {
        public Class<Text> inputType() { return Text.class; }
        public Class<Text> outputType() { return Text.class; }

        public Text run(Text input) {
            PrintStream out = System.out;
            out.write(new byte[]{0, 0, 0, 5, '{', '}', 0x7f}, 0, 7);
            for (int i = 0; i < 1000; i++) {
                out.println("a library printing line " + i);
            }
            out.flush();
            return new Text("printed " + input.value());
        }
    }

    /** Refuses its content. */
    public static final class Refuse implements SandboxTask<Text, Text> {
        public Class<Text> inputType() { return Text.class; }
        public Class<Text> outputType() { return Text.class; }

        public Text run(Text input) {
            throw new InvalidContentException(input.value() + " is refused by the test");
        }
    }

    /** Fails the way a library does on a hostile file: with an unchecked exception. */
    public static final class Crash implements SandboxTask<Text, Text> {
        public Class<Text> inputType() { return Text.class; }
        public Class<Text> outputType() { return Text.class; }

        public Text run(Text input) {
            throw new ArrayIndexOutOfBoundsException("Index 7 out of bounds for length 3");
        }
    }
}
