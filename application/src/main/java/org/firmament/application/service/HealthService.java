package org.firmament.application.service;

import java.util.List;
import java.util.Objects;
import org.firmament.application.port.in.CheckHealthUseCase;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.DatabaseHealth;

/** Use case: the health check, asking the database and the binary store whether they answer. */
public final class HealthService implements CheckHealthUseCase {

    private final DatabaseHealth database;
    private final BinaryStore store;

    public HealthService(DatabaseHealth database, BinaryStore store) {
        this.database = Objects.requireNonNull(database);
        this.store = Objects.requireNonNull(store);
    }

    @Override
    public HealthReport check() {
        return new HealthReport(List.of(probe("database", database::checkReachable),
                probe("binaryStore", store::checkReachable)));
    }

    private static Check probe(String component, Runnable probe) {
        try {
            probe.run();
            return new Check(component, true, "up");
        } catch (RuntimeException e) {
            return new Check(component, false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }
}
