package org.firmament.domain.firmware;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.firmament.domain.InUseException;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

class FirmwareTypeDeletionTest {

    private final FirmwareType okm = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("OKM"),
            VersionScheme.NUMERIC, Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aTypeWithoutImagesCanBeDeleted() {
        assertDoesNotThrow(() -> FirmwareTypeDeletion.check(okm, 0));
    }

    @Test
    void aTypeWithImagesCannotBeDeleted_andTheMessageSaysHowMany() {
        assertEquals("Firmware type OKM still has 1 image; delete them first",
                assertThrows(InUseException.class, () -> FirmwareTypeDeletion.check(okm, 1)).getMessage());
        assertEquals("Firmware type OKM still has 2 images; delete them first",
                assertThrows(InUseException.class, () -> FirmwareTypeDeletion.check(okm, 2)).getMessage());
    }
}
