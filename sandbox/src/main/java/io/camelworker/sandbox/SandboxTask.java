package io.camelworker.sandbox;

/**
 * A parse of untrusted content that runs in a sandbox process ({@link Sandbox}): its input and output are plain data
 * (records Jackson writes as JSON), so that the process that runs it shares no object with the worker. An
 * implementation has a public no-argument constructor: the sandbox process creates it by its class name.
 *
 * <p>{@link #run} throws {@link io.camelworker.outcome.InvalidContentException} for content it refuses (the request is
 * answered INVALID_CONTENT with its message), {@link io.camelworker.outcome.ProcessingErrorException} for a known
 * failure (ERROR); anything else is an unexpected failure of the task, answered as the sandbox's {@code run} says.
 *
 * @param <I> the input, e.g. the file to read and the limits to apply
 * @param <O> the output, e.g. the facts read from the file
 */
public interface SandboxTask<I, O> {

    /** The input's type, for the sandbox process to read it. */
    Class<I> inputType();

    /** The output's type, for the worker to read it back. */
    Class<O> outputType();

    /** Runs in the sandbox process, never in the worker's. */
    O run(I input) throws Exception;
}
