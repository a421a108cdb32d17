package org.firmament.application.port.out;

/** An upload went past the configured size limit; nothing of it was kept. */
public class BinaryTooLargeException extends RuntimeException {

    private final long limit;

    public BinaryTooLargeException(long limit) {
        super("binary is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
