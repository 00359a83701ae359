package io.camelworker.storage;

import io.camelworker.outcome.RequestCancellation;

import java.io.IOException;
import java.net.URI;

/**
 * Deletes files of one kind of storage for the {@code files:delete} step; {@code file:} URLs are handled by the step
 * itself, and URLs no deleter supports are left alone. A connector adds one by declaring it as a bean.
 */
public interface FileDeleter {

    /** Whether this deleter handles the URL. */
    boolean supports(URI url);

    /**
     * Checks, before anything is deleted, that the URL may be deleted.
     *
     * @param field names the request field in error messages, e.g. {@code urls[2]}
     * @return why the URL is left alone (e.g. a bucket the worker may not touch), or null when it is to be deleted
     * @throws io.camelworker.outcome.InvalidContentException naming the field when the URL is malformed or hostile
     *                                                        ({@code ..}, a directory): the whole request is refused
     */
    String check(String field, URI url);

    /**
     * Deletes the file, unless the request was cancelled: {@code cancellation.check} is called right before the
     * deletion itself (after any look-up that may take time), so that a request answered ERROR deletes nothing more.
     *
     * @param cancellation the request's ({@link RequestCancellation#PROPERTY})
     * @return true if it was deleted, false if it was already absent
     * @throws io.camelworker.outcome.ProcessingErrorException when the storage refuses for good
     * @throws IOException for a failure worth retrying
     */
    boolean delete(String field, URI url, RequestCancellation cancellation) throws IOException;
}
