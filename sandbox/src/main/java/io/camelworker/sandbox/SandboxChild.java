package io.camelworker.sandbox;

import io.camelworker.outcome.InvalidContentException;
import io.camelworker.outcome.ProcessingErrorException;
import io.camelworker.sandbox.Frames.Call;
import io.camelworker.sandbox.Frames.Reply;
import io.camelworker.sandbox.Frames.Reply.Kind;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * The main class of a sandbox process: reads {@link Call}s from stdin, runs each task and writes its {@link Reply} to
 * stdout, until stdin closes. Started by the worker ({@link SandboxProcess}), never by hand.
 */
public final class SandboxChild {

    private SandboxChild() {
    }

    public static void main(String[] args) throws Exception {
        // The frames own stdout: whatever a library prints goes to stderr, which the worker drains into its log.
        DataOutputStream replies = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        DataInputStream calls = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        watchParent();
        Frames.write(replies, Reply.of(Kind.READY, null));
        for (Call call; (call = Frames.read(calls, Call.class)) != null; ) {
            Frames.write(replies, run(call));
        }
        // stdin closed: the worker stopped, or was killed; nothing is left to do.
        System.exit(0);
    }

    private static Reply run(Call call) {
        try {
            SandboxTask<?, ?> task = task(call.task());
            return new Reply(Kind.OK, Frames.JSON.valueToTree(runTyped(task, call)), null);
        } catch (InvalidContentException e) {
            return Reply.of(Kind.REFUSED, e.getMessage());
        } catch (ProcessingErrorException e) {
            return Reply.of(Kind.ERROR, e.getMessage());
        } catch (Throwable e) {
            // A StackOverflowError or a library's unchecked exception is this content's failure, not the process's.
            e.printStackTrace();
            return Reply.of(Kind.FAILED, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static <I, O> O runTyped(SandboxTask<I, O> task, Call call) throws Exception {
        return task.run(Frames.JSON.treeToValue(call.input(), task.inputType()));
    }

    static SandboxTask<?, ?> task(String name) throws ReflectiveOperationException {
        Class<?> type = Class.forName(name);
        if (!SandboxTask.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(name + " is not a " + SandboxTask.class.getSimpleName());
        }
        return (SandboxTask<?, ?>) type.getConstructor().newInstance();
    }

    /**
     * Ends this process when the worker is gone, even in the middle of a parse: a worker killed with SIGKILL leaves
     * no sandbox process behind (stdin's end is only seen between two calls).
     */
    private static void watchParent() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        if (parent == null) {
            return;
        }
        Thread watch = new Thread(() -> {
            while (parent.isAlive()) {
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(0);
        }, "sandbox-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
