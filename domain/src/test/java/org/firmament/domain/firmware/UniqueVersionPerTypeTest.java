package org.firmament.domain.firmware;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

class UniqueVersionPerTypeTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final FirmwareType okm = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("OKM"),
            VersionScheme.NUMERIC, NOW);

    private FirmwareImage image(String version) {
        return FirmwareImage.create(ImageId.of(UUID.randomUUID()), okm, FirmwareVersion.of(version), NOW);
    }

    @Test
    void givenNoImageHoldsTheVersion_whenChecked_thenItIsAccepted() {
        assertDoesNotThrow(() -> UniqueVersionPerType.check(image("1"), Optional.empty()));
    }

    @Test
    void givenAnotherImageHoldsTheVersion_whenChecked_thenItIsRefusedNamingTypeAndVersion() {
        DuplicateVersionException refused = assertThrows(DuplicateVersionException.class,
                () -> UniqueVersionPerType.check(image("1"), Optional.of(image("1"))));
        assertEquals("OKM", refused.typeName());
        assertEquals("1", refused.version());
    }

    @Test
    void givenTheHolderIsTheCandidateItself_whenChecked_thenItIsAccepted() {
        FirmwareImage same = image("7");
        assertDoesNotThrow(() -> UniqueVersionPerType.check(same, Optional.of(same)));
    }

    @Test
    void versionsAreComparedAsWrittenSoLeadingZerosMakeADifferentVersion() {
        FirmwareImage padded = image("01");
        assertDoesNotThrow(() -> UniqueVersionPerType.check(padded, Optional.empty()));
        assertEquals("01", padded.version().value());
    }
}
