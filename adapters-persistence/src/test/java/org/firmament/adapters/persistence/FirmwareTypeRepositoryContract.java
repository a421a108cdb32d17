package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.VersionScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contract of {@link org.firmament.application.port.out.FirmwareTypeRepository}, run against each database. */
abstract class FirmwareTypeRepositoryContract extends PersistenceContractSupport {

    @ParameterizedTest
    @EnumSource(VersionScheme.class)
    void anAddedTypeReadsBackWithEveryField(VersionScheme scheme) {
        FirmwareType added = type(PROJECT, "OKM " + scheme, scheme);
        inTransaction(() -> persistence.firmwareTypes().add(added));

        FirmwareType found = inTransaction(() -> persistence.firmwareTypes().find(PROJECT, added.name()))
                .orElseThrow();

        assertEquals(added.projectId(), found.projectId());
        assertEquals(added.name(), found.name());
        assertEquals(scheme, found.scheme());
        assertEquals(added.createdAt(), found.createdAt());
    }

    @Test
    void aTypeIsNotFoundThroughAnotherProject() {
        FirmwareType type = existingType(PROJECT, "OKM");

        assertTrue(inTransaction(() -> persistence.firmwareTypes().find(OTHER_PROJECT, type.name())).isEmpty());
    }

    @Test
    void typeNamesAreCaseSensitive() {
        existingType(PROJECT, "OKM");

        assertTrue(inTransaction(() -> persistence.firmwareTypes().find(PROJECT, FirmwareTypeName.of("okm")))
                .isEmpty());
    }

    @Test
    void theListHoldsOnlyTheProjectsTypes_orderedByName() {
        existingType(PROJECT, "b-sensor");
        existingType(PROJECT, "IR4KEY");
        existingType(PROJECT, "OKM");
        existingType(PROJECT, "a-sensor");
        existingType(OTHER_PROJECT, "AAA");

        List<String> names = inTransaction(() -> persistence.firmwareTypes().list(PROJECT)).stream()
                .map(type -> type.name().value()).toList();

        assertEquals(List.of("IR4KEY", "OKM", "a-sensor", "b-sensor"), names);
    }

    @Test
    void addingATypeWhoseNameIsTaken_throwsConcurrentModification() {
        existingType(PROJECT, "OKM");

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"))));
    }

    @Test
    void addingATypeTheSameTransactionAlreadyRead_throwsConcurrentModification() {
        existingType(PROJECT, "OKM");

        assertThrows(ConcurrentModificationException.class, () -> inTransaction(() -> {
            persistence.firmwareTypes().find(PROJECT, FirmwareTypeName.of("OKM")).orElseThrow();
            persistence.firmwareTypes().add(type(PROJECT, "OKM", VersionScheme.NUMERIC));
        }));
        assertEquals(VersionScheme.SEMANTIC, inTransaction(() -> persistence.firmwareTypes()
                .find(PROJECT, FirmwareTypeName.of("OKM"))).orElseThrow().scheme());
    }

    @Test
    void theSameNameInAnotherProjectIsAnotherType() {
        existingType(PROJECT, "OKM");
        existingType(OTHER_PROJECT, "OKM");

        assertEquals(1, inTransaction(() -> persistence.firmwareTypes().list(OTHER_PROJECT)).size());
        assertEquals(1, inTransaction(() -> persistence.firmwareTypes().list(PROJECT)).size());
    }

    @Test
    void twoTransactionsAddingTheSameType_oneCommitsTheOtherGetsConcurrentModification() throws Exception {
        FirmwareTypeName name = FirmwareTypeName.of("OKM");
        Contender contender = bothReady -> {
            assertTrue(persistence.firmwareTypes().find(PROJECT, name).isEmpty());
            bothReady.run();
            persistence.firmwareTypes().add(semanticType(PROJECT, "OKM"));
        };

        assertOneWinsOneFailsWith(ConcurrentModificationException.class, race(contender, contender));
        assertEquals(1, count("firmware_type"));
    }

    @Test
    void aRemovedTypeIsGone_andOnlyThatOne() {
        FirmwareType okm = existingType(PROJECT, "OKM");
        existingType(PROJECT, "IR4KEY");
        existingType(OTHER_PROJECT, "OKM");

        inTransaction(() -> persistence.firmwareTypes().remove(okm));

        assertTrue(inTransaction(() -> persistence.firmwareTypes().find(PROJECT, okm.name())).isEmpty());
        assertEquals(List.of("IR4KEY"), inTransaction(() -> persistence.firmwareTypes().list(PROJECT)).stream()
                .map(type -> type.name().value()).toList());
        assertEquals(1, inTransaction(() -> persistence.firmwareTypes().list(OTHER_PROJECT)).size());
    }

    @Test
    void removingATypeThatIsGone_throwsConcurrentModification() {
        FirmwareType okm = existingType(PROJECT, "OKM");
        inTransaction(() -> persistence.firmwareTypes().remove(okm));

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.firmwareTypes().remove(okm)));
    }

    @Test
    void removingATypeThatHasImages_throwsConcurrentModification_andKeepsTypeAndImages() {
        FirmwareType okm = existingType(PROJECT, "OKM");
        existingImage(okm, "1.0.0", T0);

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.firmwareTypes().remove(okm)));

        assertTrue(inTransaction(() -> persistence.firmwareTypes().find(PROJECT, okm.name())).isPresent());
        assertEquals(1, count("firmware_image"));
    }

    @Test
    void addingATypeOutsideATransaction_throwsIllegalState() {
        assertThrows(IllegalStateException.class, () -> persistence.firmwareTypes().add(semanticType(PROJECT, "OKM")));
        assertThrows(IllegalStateException.class, () -> persistence.firmwareTypes().list(PROJECT));
    }
}
