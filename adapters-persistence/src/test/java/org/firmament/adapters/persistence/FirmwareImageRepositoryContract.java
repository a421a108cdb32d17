package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.DuplicateVersionException;
import org.firmament.domain.firmware.BinaryKey;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.firmware.ImageId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract of {@link org.firmament.application.port.out.FirmwareImageRepository}, run against each database. */
abstract class FirmwareImageRepositoryContract extends PersistenceContractSupport {

    FirmwareType okm;
    FirmwareType ir4key;

    @BeforeEach
    void addTypes() {
        okm = existingType(PROJECT, "OKM");
        ir4key = existingType(PROJECT, "IR4KEY");
    }

    // ---- mapping round trips ----

    @Test
    void anImageWithoutArtifactReadsBackWithEveryField() {
        FirmwareImage image = existingImage(okm, "1.2.3-rc.1+build.7", T0);

        assertSameImage(image, reload(image), 0);
        assertFalse(reload(image).artifact().isPresent());
    }

    @Test
    void anImageWithAStoredBinaryReadsBackWithEveryField() {
        FirmwareImage image = image(okm, "1.2.3", at(1));
        image.attachBinary(storedBinary("0f3a-9b"));
        inTransaction(() -> persistence.firmwareImages().add(image));

        FirmwareImage found = reload(image);

        assertSameImage(image, found, 0);
        assertTrue(found.confirmed());
    }

    @Test
    void anImageWithAnExternalUrlReadsBackWithEveryField() {
        FirmwareImage image = image(okm, "1.2.3", at(1));
        image.pointTo(externalUrl());
        inTransaction(() -> persistence.firmwareImages().add(image));

        assertSameImage(image, reload(image), 0);
    }

    @Test
    void anUpdatedImageReadsBackWithItsNewFields_atTheNextRevision() {
        FirmwareImage stored = existingImage(okm, "1.0.0", T0);
        FirmwareImage changed = reload(stored);
        changed.reclassify(ir4key, FirmwareVersion.of("2.0.0"));
        changed.attachBinary(storedBinary("k1"));
        inTransaction(() -> persistence.firmwareImages().update(changed));

        FirmwareImage found = reload(stored);
        assertSameImage(changed, found, 1);

        found.pointTo(externalUrl());
        inTransaction(() -> persistence.firmwareImages().update(found));
        assertSameImage(found, reload(stored), 2);

        FirmwareImage current = reload(stored);
        FirmwareImage withoutArtifact = FirmwareImage.reconstitute(current.id(), current.projectId(),
                current.typeName(), current.version(), current.createdAt(), null, current.revision());
        inTransaction(() -> persistence.firmwareImages().update(withoutArtifact));
        assertSameImage(withoutArtifact, reload(stored), 3);
    }

    @Test
    void anImageAddedAndUpdatedInOneTransaction_isStoredWithTheUpdate() {
        FirmwareImage image = image(okm, "1.0.0", T0);
        inTransaction(() -> {
            persistence.firmwareImages().add(image);
            image.attachBinary(storedBinary("k1"));
            persistence.firmwareImages().update(image);
        });

        assertEquals(image.artifact(), reload(image).artifact());
    }

    // ---- lookups ----

    @Test
    void anImageIsNotFoundThroughAnotherProject() {
        FirmwareImage image = existingImage(okm, "1.0.0", T0);

        assertTrue(inTransaction(() -> persistence.firmwareImages().find(OTHER_PROJECT, image.id())).isEmpty());
        assertTrue(inTransaction(() -> persistence.firmwareImages()
                .findByTypeAndVersion(OTHER_PROJECT, okm.name(), image.version())).isEmpty());
        assertTrue(inTransaction(() -> persistence.firmwareImages().list(OTHER_PROJECT, Optional.empty())).isEmpty());
    }

    @Test
    void anUnknownImageIsNotFound() {
        assertTrue(inTransaction(() -> persistence.firmwareImages()
                .find(PROJECT, ImageId.of(UUID.randomUUID()))).isEmpty());
    }

    @Test
    void findAll_findsTheProjectsImagesAmongTheIds_oldestFirst() {
        FirmwareImage newer = existingImage(okm, "2.0.0", at(20));
        FirmwareImage older = existingImage(ir4key, "1.0.0", at(10));
        existingImage(okm, "3.0.0", at(30));
        FirmwareImage elsewhere = existingImage(existingType(OTHER_PROJECT, "OKM"), "1.0.0", at(0));
        ImageId unknown = ImageId.of(UUID.randomUUID());

        List<FirmwareImage> found = inTransaction(() -> persistence.firmwareImages()
                .findAll(PROJECT, Set.of(newer.id(), older.id(), elsewhere.id(), unknown)));

        assertEquals(List.of(older.id(), newer.id()), found.stream().map(FirmwareImage::id).toList());
        assertSameImage(older, found.get(0), 0);
        assertSameImage(newer, found.get(1), 0);
    }

    @Test
    void findAll_ofNoIds_findsNothing() {
        existingImage(okm, "1.0.0", T0);

        assertTrue(inTransaction(() -> persistence.firmwareImages().findAll(PROJECT, Set.of())).isEmpty());
    }

    @Test
    void findByTypeAndVersion_findsExactlyThatTypeAndVersion() {
        FirmwareImage wanted = existingImage(okm, "1.0.0", T0);
        existingImage(okm, "1.0.1", at(1));
        existingImage(ir4key, "1.0.0", at(2));

        FirmwareImage found = inTransaction(() -> persistence.firmwareImages()
                .findByTypeAndVersion(PROJECT, okm.name(), FirmwareVersion.of("1.0.0"))).orElseThrow();

        assertSameImage(wanted, found, 0);
        assertTrue(inTransaction(() -> persistence.firmwareImages()
                .findByTypeAndVersion(PROJECT, okm.name(), FirmwareVersion.of("9.9.9"))).isEmpty());
        assertTrue(inTransaction(() -> persistence.firmwareImages()
                .findByTypeAndVersion(PROJECT, FirmwareTypeName.of("okm"), FirmwareVersion.of("1.0.0"))).isEmpty());
    }

    @Test
    void theListIsOldestFirst_andFilteredByTypeWhenOneIsGiven() {
        FirmwareImage third = existingImage(okm, "3.0.0", at(30));
        FirmwareImage first = existingImage(ir4key, "1.0.0", at(10));
        FirmwareImage second = existingImage(okm, "2.0.0", at(20));
        existingImage(existingType(OTHER_PROJECT, "OKM"), "0.0.1", at(0));

        assertEquals(ids(List.of(first, second, third)),
                ids(inTransaction(() -> persistence.firmwareImages().list(PROJECT, Optional.empty()))));
        assertEquals(ids(List.of(second, third)),
                ids(inTransaction(() -> persistence.firmwareImages().list(PROJECT, Optional.of(okm.name())))));
        assertTrue(inTransaction(() -> persistence.firmwareImages()
                .list(PROJECT, Optional.of(FirmwareTypeName.of("unknown")))).isEmpty());
    }

    @Test
    void theCountHoldsTheProjectsImages_ofOneTypeWhenOneIsGiven() {
        existingImage(okm, "1.0.0", at(1));
        existingImage(okm, "2.0.0", at(2));
        existingImage(ir4key, "1.0.0", at(3));
        existingImage(existingType(OTHER_PROJECT, "OKM"), "0.0.1", at(0));

        assertEquals(3, inTransaction(() -> persistence.firmwareImages().count(PROJECT, Optional.empty())));
        assertEquals(2, inTransaction(() -> persistence.firmwareImages().count(PROJECT, Optional.of(okm.name()))));
        assertEquals(0, inTransaction(() -> persistence.firmwareImages()
                .count(PROJECT, Optional.of(FirmwareTypeName.of("unknown")))));
        assertEquals(1, inTransaction(() -> persistence.firmwareImages().count(OTHER_PROJECT, Optional.empty())));
    }

    @Test
    void imagesCreatedAtTheSameInstant_listInAStableOrder() {
        for (int i = 0; i < 5; i++) {
            existingImage(okm, "1.0." + i, T0);
        }

        List<ImageId> once = ids(inTransaction(() -> persistence.firmwareImages().list(PROJECT, Optional.empty())));
        List<ImageId> again = ids(inTransaction(() -> persistence.firmwareImages().list(PROJECT, Optional.empty())));

        assertEquals(5, once.size());
        assertEquals(once, again);
    }

    @Test
    void listWithStoredBinary_holdsOnlyTheProjectsImagesWithABinary_oldestFirst() {
        FirmwareImage later = image(okm, "2.0.0", at(20));
        later.attachBinary(storedBinary("k2"));
        FirmwareImage earlier = image(ir4key, "1.0.0", at(10));
        earlier.attachBinary(storedBinary("k1"));
        FirmwareImage external = image(okm, "3.0.0", at(5));
        external.pointTo(externalUrl());
        FirmwareImage elsewhere = image(existingType(OTHER_PROJECT, "OKM"), "1.0.0", at(0));
        elsewhere.attachBinary(storedBinary("k3"));
        inTransaction(() -> List.of(later, earlier, external, elsewhere).forEach(persistence.firmwareImages()::add));
        existingImage(okm, "4.0.0", at(1));

        assertEquals(ids(List.of(earlier, later)),
                ids(inTransaction(() -> persistence.firmwareImages().listWithStoredBinary(PROJECT))));
    }

    @Test
    void aBinaryIsReferencedWhileAnyImageOfAnyProjectHoldsIt() {
        FirmwareImage image = image(existingType(OTHER_PROJECT, "OKM"), "1.0.0", T0);
        image.attachBinary(storedBinary("shared-key"));
        inTransaction(() -> persistence.firmwareImages().add(image));

        assertTrue(inTransaction(() -> persistence.firmwareImages().isBinaryReferenced(BinaryKey.of("shared-key"))));
        assertFalse(inTransaction(() -> persistence.firmwareImages().isBinaryReferenced(BinaryKey.of("other-key"))));

        FirmwareImage detached = reload(image);
        detached.detachBinary();
        inTransaction(() -> persistence.firmwareImages().update(detached));

        assertFalse(inTransaction(() -> persistence.firmwareImages().isBinaryReferenced(BinaryKey.of("shared-key"))));
    }

    // ---- one version per type ----

    @Test
    void addingAVersionTheTypeAlreadyHas_throwsDuplicateVersion_andAddsNothing() {
        existingImage(okm, "1.0.0", T0);
        FirmwareImage duplicate = image(okm, "1.0.0", at(1));

        DuplicateVersionException thrown = assertThrows(DuplicateVersionException.class,
                () -> inTransaction(() -> persistence.firmwareImages().add(duplicate)));

        assertEquals("OKM", thrown.typeName());
        assertEquals("1.0.0", thrown.version());
        assertEquals(1, count("firmware_image"));
    }

    @Test
    void addingTwoImagesOfOneVersionInOneTransaction_throwsDuplicateVersion() {
        assertThrows(DuplicateVersionException.class, () -> inTransaction(() -> {
            persistence.firmwareImages().add(image(okm, "1.0.0", T0));
            persistence.firmwareImages().add(image(okm, "1.0.0", at(1)));
        }));
        assertEquals(0, count("firmware_image"));
    }

    @Test
    void theSameVersionInAnotherTypeOrAnotherProject_isFine() {
        existingImage(okm, "1.0.0", T0);
        existingImage(ir4key, "1.0.0", T0);
        existingImage(existingType(OTHER_PROJECT, "OKM"), "1.0.0", T0);

        assertEquals(3, count("firmware_image"));
    }

    @Test
    void movingAnImageOntoAVersionTheTypeAlreadyHas_throwsDuplicateVersion() {
        existingImage(okm, "2.0.0", T0);
        FirmwareImage moved = reload(existingImage(okm, "1.0.0", at(1)));
        moved.reclassify(okm, FirmwareVersion.of("2.0.0"));

        DuplicateVersionException thrown = assertThrows(DuplicateVersionException.class,
                () -> inTransaction(() -> persistence.firmwareImages().update(moved)));

        assertEquals("2.0.0", thrown.version());
        assertEquals(FirmwareVersion.of("1.0.0"), reload(moved).version());
    }

    @Test
    void twoTransactionsAddingTheSameVersion_oneCommitsTheOtherGetsDuplicateVersion() throws Exception {
        FirmwareVersion version = FirmwareVersion.of("1.0.0");
        Contender contender = bothReady -> {
            assertTrue(persistence.firmwareImages().findByTypeAndVersion(PROJECT, okm.name(), version).isEmpty());
            bothReady.run();
            persistence.firmwareImages().add(image(okm, "1.0.0", T0));
        };

        DuplicateVersionException thrown =
                assertOneWinsOneFailsWith(DuplicateVersionException.class, race(contender, contender));

        assertEquals("OKM", thrown.typeName());
        assertEquals(1, count("firmware_image"));
    }

    // ---- optimistic locking ----

    @Test
    void updatingAStaleCopy_throwsConcurrentModification_andKeepsTheNewerState() {
        FirmwareImage stored = existingImage(okm, "1.0.0", T0);
        FirmwareImage first = reload(stored);
        FirmwareImage stale = reload(stored);
        first.attachBinary(storedBinary("k1"));
        inTransaction(() -> persistence.firmwareImages().update(first));

        stale.pointTo(externalUrl());
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.firmwareImages().update(stale)));

        assertSameImage(first, reload(stored), 1);
    }

    @Test
    void removingAStaleCopy_throwsConcurrentModification_andKeepsTheImage() {
        FirmwareImage stored = existingImage(okm, "1.0.0", T0);
        FirmwareImage changed = reload(stored);
        FirmwareImage stale = reload(stored);
        changed.attachBinary(storedBinary("k1"));
        inTransaction(() -> persistence.firmwareImages().update(changed));

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.firmwareImages().remove(stale)));

        assertEquals(1, count("firmware_image"));
    }

    @Test
    void aRemovedImageIsGone_andRemovingOrUpdatingItAgainThrowsConcurrentModification() {
        FirmwareImage image = existingImage(okm, "1.0.0", T0);

        inTransaction(() -> persistence.firmwareImages().remove(image));

        assertTrue(inTransaction(() -> persistence.firmwareImages().find(PROJECT, image.id())).isEmpty());
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.firmwareImages().remove(image)));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.firmwareImages().update(image)));
    }

    @Test
    void updatingThroughAnotherProject_throwsConcurrentModification() {
        FirmwareImage image = existingImage(okm, "1.0.0", T0);
        FirmwareImage foreign = FirmwareImage.reconstitute(image.id(), OTHER_PROJECT, image.typeName(),
                image.version(), image.createdAt(), null, 0);

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.firmwareImages().update(foreign)));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.firmwareImages().remove(foreign)));
        assertEquals(1, count("firmware_image"));
    }

    @Test
    void twoTransactionsUpdatingTheSameImage_oneCommitsTheOtherGetsConcurrentModification() throws Exception {
        FirmwareImage stored = existingImage(okm, "1.0.0", T0);
        Contender contender = bothReady -> {
            FirmwareImage copy = persistence.firmwareImages().find(PROJECT, stored.id()).orElseThrow();
            bothReady.run();
            copy.attachBinary(storedBinary("k-" + Thread.currentThread().getId()));
            persistence.firmwareImages().update(copy);
        };

        assertOneWinsOneFailsWith(ConcurrentModificationException.class, race(contender, contender));
        assertEquals(1, reload(stored).revision());
    }

    @Test
    void writingAnImageOutsideATransaction_throwsIllegalState() {
        FirmwareImage image = image(okm, "1.0.0", T0);

        assertThrows(IllegalStateException.class, () -> persistence.firmwareImages().add(image));
        assertThrows(IllegalStateException.class, () -> persistence.firmwareImages().find(PROJECT, image.id()));
        assertThrows(IllegalStateException.class,
                () -> persistence.firmwareImages().isBinaryReferenced(BinaryKey.of("k1")));
    }
}
