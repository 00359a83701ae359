package io.camelworker.transport;

/**
 * Why one publication was not taken by the broker: refused (nack), returned as unroutable, not confirmed in time, or
 * lost with its channel. A permanent failure (the message can never be taken as it is) is not worth trying again.
 */
class PublicationFailure extends RuntimeException {

    private final boolean permanent;

    PublicationFailure(String message, boolean permanent) {
        super(message, null, false, false);
        this.permanent = permanent;
    }

    boolean isPermanent() {
        return permanent;
    }
}
