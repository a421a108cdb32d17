package org.firmament.adapters.persistence;

/**
 * Persistence adapter: a snapshot of the database connection pool in plain numbers, so the
 * composition root can publish it as metrics without seeing the pool's own types.
 *
 * @param active  connections lent out to a transaction now
 * @param idle    open connections waiting in the pool
 * @param pending threads waiting for a connection
 * @param total   open connections, active and idle
 * @param maximum the most connections the pool will open
 */
public record PoolStatistics(int active, int idle, int pending, int total, int maximum) {

    public static final PoolStatistics CLOSED = new PoolStatistics(0, 0, 0, 0, 0);
}
