package io.camelworker.fuzz;

import io.camelworker.confinement.AllowedRoots;
import io.camelworker.confinement.FileIdentity;
import io.camelworker.confinement.OpenedFile;
import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.sandbox.SandboxPool;
import io.camelworker.sandbox.SandboxProperties;
import io.camelworker.sandbox.SandboxTask;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Where the fuzzer's bytes meet a parse task ({@link SandboxTask}): the bytes become a file under a temporary allowed
 * root, the task parses the file the worker would have opened ({@link AllowedRoots#openRegularFile}, then its
 * identity), and the invariants of the boundary are checked on each input:
 * <ul>
 *   <li>the answer is a result, or {@link InvalidContentException} / {@link ProcessingErrorException} (the request's
 *       answer); running out of heap is the answer too (see below); any other exception or error is a finding: the
 *       sandbox would word it only as "parsing it failed: &lt;exception&gt;";</li>
 *   <li>the answer comes within a bounded time ({@link #IN_PROCESS_LIMIT} after a {@link #FIRST_PARSE_LIMIT}, {@link
 *       #REPLAY_TIMEOUT});</li>
 *   <li>nothing is written, changed or removed in the temporary base outside the extraction workspace: the base is
 *       listed (path, size, modification time) before and after each input.</li>
 * </ul>
 *
 * <p>How the task runs depends on the mode. A campaign ({@code JAZZER_FUZZ=1}) runs it in-process, on a thread of its
 * own, so that Jazzer sees the parser's coverage; an {@link OutOfMemoryError} there is what the sandbox process
 * contains in production (its {@code -XX:+ExitOnOutOfMemoryError} answers INVALID_CONTENT naming
 * {@code worker.sandbox.heap}: {@code ArchiveBombsWorkerProcessIT}, {@code MetadataSandboxProcessIT}), so a failed
 * allocation is counted as that answer; run campaigns with a bounded heap ({@code -DargLine=-Xmx512m}, docs/security.md)
 * so that a claimed gigabyte fails fast instead of being zeroed. The regression replay ({@code mvn test}) runs every
 * committed input through a real {@link SandboxPool} with a {@link #REPLAY_HEAP} heap, the production boundary: the
 * allocation bombs of the corpus end a child JVM, never the surefire JVM, whatever its heap, and the replay of all
 * targets takes seconds. The sandbox reports an unexpected exception as "parsing it failed", a crash as "ended while
 * parsing it" and an overrun as a time-limit ERROR: the replay treats each of them as a finding, as the campaign does.
 */
final class ParserBoundary implements AutoCloseable {

    /**
     * System property that makes the replay parse in-process too, to see a finding's stack trace (a hang's included):
     * {@code mvn test -Dtest='MetadataFuzzTest#geoTiffFacts' -Dfuzz.in-process=true -DargLine=-Xmx512m}.
     */
    static final String IN_PROCESS = "fuzz.in-process";
    /** Time one in-process parse may take in a campaign before the input counts as a hang. */
    static final Duration IN_PROCESS_LIMIT = Duration.ofSeconds(10);
    /**
     * Time the first in-process parse of each task may take: it loads the library's classes, which Jazzer instruments
     * as they load (Apache SIS's NetCDF reader took more than 10 s there on a busy machine).
     */
    static final Duration FIRST_PARSE_LIMIT = Duration.ofSeconds(60);
    /** Heap of the replay's sandbox process: small, so that the corpus's bombs end it at once. */
    static final DataSize REPLAY_HEAP = DataSize.ofMegabytes(64);
    /** Time limit of the replay's sandbox process: past it the input counts as a hang. */
    static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(20);

    private final Path base;
    private final Path root;
    private final Path workspace;
    private final AllowedRoots roots;
    private final SandboxPool sandbox;
    private final ExecutorService parser;
    private volatile Thread parserThread;
    private final java.util.Set<Class<?>> warm = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<Path, String> untouched;

    ParserBoundary(String name) {
        try {
            base = Files.createTempDirectory(name).toRealPath();
            root = Files.createDirectories(base.resolve("root"));
            workspace = Files.createDirectories(base.resolve("workspace"));
            Files.writeString(base.resolve("outside.txt"), "outside the allowed root");
            Files.writeString(root.resolve("other.txt"), "another file of the allowed root");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        roots = new AllowedRoots(List.of(root));
        if (fuzzing() || Boolean.getBoolean(IN_PROCESS)) {
            disableLibraryAssertions();
            sandbox = null;
            parser = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "fuzz-parse");
                thread.setDaemon(true);
                parserThread = thread;
                return thread;
            });
        } else {
            SandboxProperties properties = new SandboxProperties();
            properties.setHeap(REPLAY_HEAP);
            properties.setTimeout(REPLAY_TIMEOUT);
            sandbox = new SandboxPool(properties);
            parser = null;
        }
        untouched = listing();
    }

    /**
     * Surefire runs with {@code -ea}; the worker and its sandbox processes do not. A library's {@code assert} (there are
     * some in metadata-extractor's readers) would be a finding of the test JVM only, and hide what production does
     * with the same bytes: the libraries' classes, not yet loaded, are initialized with their assertions off.
     */
    private static void disableLibraryAssertions() {
        ClassLoader loader = ParserBoundary.class.getClassLoader();
        for (String library : List.of("com.drew", "com.adobe.internal.xmp", "org.apache.commons.compress", "org.apache.sis")) {
            loader.setPackageAssertionStatus(library, false);
        }
    }

    /** Whether Jazzer fuzzes (a campaign) rather than replays the committed corpus. */
    static boolean fuzzing() {
        String value = System.getenv("JAZZER_FUZZ");
        return value != null && !value.isEmpty();
    }

    /** The empty directory an extraction may write into; emptied after each input. */
    Path workspace() {
        return workspace;
    }

    /**
     * Writes {@code bytes} as the file {@code name} of the allowed root, runs {@code task} on the input built from the
     * file's identity, and checks the invariants.
     *
     * @return the task's output, or null when the input was refused (or outgrew the heap)
     */
    <I, O> O parse(byte[] bytes, String name, Class<? extends SandboxTask<I, O>> task, Function<FileIdentity, I> input) {
        Path file = root.resolve(name);
        FileIdentity identity;
        try {
            Files.write(file, bytes);
            try (OpenedFile opened = roots.openRegularFile("files[0]", file.toUri().toString())) {
                identity = opened.identity();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return sandbox == null ? inProcess(task, input.apply(identity)) : sandboxed(task, input.apply(identity));
        } catch (InvalidContentException | ProcessingErrorException answer) {
            return null;
        } finally {
            deleteInput(file);
            checkNothingWrittenOutsideTheWorkspace();
            empty(workspace);
        }
    }

    private <I, O> O inProcess(Class<? extends SandboxTask<I, O>> type, I input) {
        SandboxTask<I, O> task = instance(type);
        Future<O> parse = parser.submit(() -> task.run(input));
        Duration limit = warm.add(type) ? FIRST_PARSE_LIMIT : IN_PROCESS_LIMIT;
        try {
            return parse.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            AssertionError hang = new AssertionError(type.getSimpleName() + " gave no answer within "
                    + limit.toSeconds() + " s; the stack trace is where the parse was");
            Thread thread = parserThread;
            if (thread != null) {
                hang.setStackTrace(thread.getStackTrace());
            }
            parse.cancel(true);
            throw hang;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidContentException || cause instanceof ProcessingErrorException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof OutOfMemoryError) {
                // In production this parse runs in a sandbox process, which this error ends: INVALID_CONTENT naming
                // worker.sandbox.heap, the replica untouched.
                return null;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new AssertionError(type.getSimpleName() + " failed with an exception that is no answer "
                    + "(the sandbox would say 'parsing it failed: " + cause.getClass().getSimpleName() + "')", cause);
        }
    }

    private <I, O> O sandboxed(Class<? extends SandboxTask<I, O>> task, I input) {
        try {
            return sandbox.run(task, input, "fuzz input");
        } catch (InvalidContentException | ProcessingErrorException answer) {
            String message = String.valueOf(answer.getMessage());
            if (message.startsWith("fuzz input: parsing it failed: ")
                    || message.startsWith("fuzz input: its sandbox process ended while parsing it")
                    || message.contains("worker.sandbox.timeout")) {
                throw new AssertionError(task.getSimpleName() + " in a sandbox process: " + message, answer);
            }
            throw answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T instance(Class<T> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The input is deleted before the listing: each input is written anew, and the targets use different names. */
    private static void deleteInput(Path input) {
        try {
            Files.deleteIfExists(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything in the base outside the workspace is as it was before the first input. */
    private void checkNothingWrittenOutsideTheWorkspace() {
        Map<Path, String> now = listing();
        if (!now.equals(untouched)) {
            throw new AssertionError("the parse changed the base outside its workspace: before " + untouched + ", after " + now);
        }
    }

    /** Path → size and modification time of everything in the base, the workspace's content apart. */
    private Map<Path, String> listing() {
        Map<Path, String> found = new TreeMap<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    found.put(dir, "directory");
                    return dir.equals(workspace) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    found.put(file, attributes.size() + " bytes, " + attributes.lastModifiedTime()
                            + (attributes.isSymbolicLink() ? ", link" : ""));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Deletes the workspace's content, links as links. */
    private static void empty(Path directory) {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    dir.toFile().setWritable(true);
                    dir.toFile().setExecutable(true);
                    dir.toFile().setReadable(true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    if (!dir.equals(directory)) {
                        Files.delete(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (parser != null) {
            parser.shutdownNow();
        }
    }
}
