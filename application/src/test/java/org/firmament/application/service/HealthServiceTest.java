package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import org.firmament.application.port.in.CheckHealthUseCase;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.DatabaseHealth;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.junit.jupiter.api.Test;

class HealthServiceTest {

    private final DatabaseHealth database = mock(DatabaseHealth.class);
    private final BinaryStore store = mock(BinaryStore.class);

    @Test
    void healthyWhenDatabaseAndStoreAnswer() {
        assertTrue(new HealthService(database, store).check().healthy());
    }

    @Test
    void unhealthyWhenTheStoreDoesNotAnswerAndTheReportSaysWhich() {
        doThrow(new ServiceUnavailableException("bucket unreachable", null)).when(store).checkReachable();
        CheckHealthUseCase.HealthReport report = new HealthService(database, store).check();
        assertFalse(report.healthy());
        assertEquals(new CheckHealthUseCase.Check("database", true, "up"), report.checks().get(0));
        assertEquals(new CheckHealthUseCase.Check("binaryStore", false, "bucket unreachable"), report.checks().get(1));
    }

    @Test
    void unhealthyWhenTheDatabaseDoesNotAnswer() {
        doThrow(new ServiceUnavailableException("connection refused", null)).when(database).checkReachable();
        assertFalse(new HealthService(database, store).check().healthy());
    }
}
