package org.firmament.application.port.out;

/** A backing service (the database, the binary store) cannot be reached; the request may be retried later. */
public class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
