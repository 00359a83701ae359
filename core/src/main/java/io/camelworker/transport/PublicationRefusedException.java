package io.camelworker.transport;

/**
 * The broker can never take a publication as it is (its headers do not fit in a frame): trying it again would loop for
 * ever, so it is given up at once.
 */
public class PublicationRefusedException extends PublishAbortedException {

    public PublicationRefusedException(String message) {
        super(message);
    }
}
