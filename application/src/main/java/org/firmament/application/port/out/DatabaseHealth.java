package org.firmament.application.port.out;

/** Out-port: whether the database answers; used by the health check. */
@FunctionalInterface
public interface DatabaseHealth {

    /**
     * Returns normally when a trivial query succeeds within a short time.
     *
     * @throws ServiceUnavailableException otherwise
     */
    void checkReachable();
}
