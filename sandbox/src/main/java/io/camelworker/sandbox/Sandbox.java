package io.camelworker.sandbox;

import java.io.IOException;

/**
 * Runs parses of untrusted content ({@link SandboxTask}) outside the worker's heap: in child JVMs with a small heap of
 * their own and a time limit, killed and replaced when they run out of memory, crash or overrun. A hostile file is then
 * its request's answer, never the replica's death nor a stuck thread (settings {@code worker.sandbox.*}).
 */
public interface Sandbox {

    /**
     * Runs {@code task} on {@code input} in a sandbox process and returns its output.
     *
     * @param subject names what is parsed in answers, e.g. {@code files[0] 'x.tif'} or {@code archive 'a.zip'}
     * @throws io.camelworker.outcome.InvalidContentException when the task refused the content, or the process ran out
     *                                                        of its heap or crashed on it (the message names the subject and the limit)
     * @throws io.camelworker.outcome.ProcessingErrorException when the process overran its time limit (it was killed)
     * @throws java.io.InterruptedIOException                 when the calling thread was interrupted (its request
     *                                                        ran out of time): the process was killed first, so the task
     *                                                        changes nothing after this returns
     * @throws IOException                                     when the sandbox process could not be started or reached
     */
    <I, O> O run(Class<? extends SandboxTask<I, O>> task, I input, String subject) throws IOException;
}
