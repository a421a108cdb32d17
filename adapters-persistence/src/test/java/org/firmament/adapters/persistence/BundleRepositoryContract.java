package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.AlreadyExistsException;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.bundle.BundleComponent;
import org.firmament.domain.bundle.BundleId;
import org.firmament.domain.bundle.Channel;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.firmware.FirmwareImage;
import org.firmament.domain.firmware.FirmwareType;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract of {@link org.firmament.application.port.out.BundleRepository}, run against each database. */
abstract class BundleRepositoryContract extends PersistenceContractSupport {

    static final DeviceClass LIGHT = DeviceClass.of("smart_light");
    static final DeviceClass PLUG = DeviceClass.of("smart-plug");
    static final Channel BETA = Channel.of("beta");

    FirmwareType okm;
    FirmwareType ir4key;
    FirmwareType boot;
    FirmwareImage okm1;
    FirmwareImage okm2;
    FirmwareImage ir4key1;
    FirmwareImage boot1;

    @BeforeEach
    void addImages() {
        okm = existingType(PROJECT, "OKM");
        ir4key = existingType(PROJECT, "IR4KEY");
        boot = existingType(PROJECT, "BOOT");
        okm1 = existingImage(okm, "1.0.0", T0);
        okm2 = existingImage(okm, "2.0.0", T0);
        ir4key1 = existingImage(ir4key, "1.0.0", T0);
        boot1 = existingImage(boot, "1.0.0", T0);
    }

    // ---- mapping round trips ----

    @Test
    void aBundleReadsBackWithEveryField_itsComponentsInTheirOrder() {
        Bundle bundle = Bundle.create(BundleId.of("fleet-2024.03_rc1"), PROJECT, "Spring release ✓",
                "Fixes the Nørd relay.\nSecond line.", LIGHT, BETA,
                List.of(component(okm1), component(boot1), component(ir4key1)), T0);
        inTransaction(() -> persistence.bundles().add(bundle));

        assertSameBundle(bundle, reload(bundle), 0);
    }

    @Test
    void aBundleWithoutDescriptionOrComponents_readsBackEmpty() {
        Bundle bundle = Bundle.create(BundleId.of("empty"), PROJECT, "Empty", null, LIGHT, Channel.STABLE, List.of(),
                at(1));
        inTransaction(() -> persistence.bundles().add(bundle));

        Bundle found = reload(bundle);

        assertSameBundle(bundle, found, 0);
        assertEquals("", found.description());
        assertTrue(found.components().isEmpty());
    }

    @Test
    void anUpdatedBundleReadsBackWithItsNewFields_atTheNextRevision() {
        Bundle stored = existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1, ir4key1);

        Bundle changed = reload(stored);
        changed.describe("Renamed", "Now with a description");
        changed.target(PLUG, BETA);
        // Reversed, so each type moves to the position the other held: the (bundle, type) key must not trip.
        changed.replaceComponents(List.of(component(ir4key1), component(okm1)));
        inTransaction(() -> persistence.bundles().update(changed));
        assertSameBundle(changed, reload(stored), 1);

        Bundle componentsOnly = reload(stored);
        componentsOnly.replaceComponents(List.of(component(okm2), component(boot1)));
        inTransaction(() -> persistence.bundles().update(componentsOnly));
        assertSameBundle(componentsOnly, reload(stored), 2);

        Bundle emptied = reload(stored);
        emptied.replaceComponents(List.of());
        inTransaction(() -> persistence.bundles().update(emptied));
        assertSameBundle(emptied, reload(stored), 3);
    }

    @Test
    void updatingABundleWithoutChanges_keepsItsRevisionAndComponents() {
        Bundle stored = existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1, ir4key1);

        inTransaction(() -> persistence.bundles().update(reload(stored)));

        assertSameBundle(stored, reload(stored), 0);
    }

    @Test
    void aBundleAddedAndUpdatedInOneTransaction_isStoredWithTheUpdate() {
        Bundle bundle = bundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1);
        inTransaction(() -> {
            persistence.bundles().add(bundle);
            bundle.replaceComponents(List.of(component(ir4key1), component(okm2)));
            persistence.bundles().update(bundle);
        });

        assertEquals(bundle.components(), reload(bundle).components());
    }

    // ---- lookups ----

    @Test
    void aBundleIsNotFoundThroughAnotherProject() {
        Bundle bundle = existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1);

        assertTrue(inTransaction(() -> persistence.bundles().find(OTHER_PROJECT, bundle.id())).isEmpty());
        assertTrue(inTransaction(() -> persistence.bundles().list(OTHER_PROJECT, LIGHT, Optional.empty())).isEmpty());
        assertTrue(inTransaction(() -> persistence.bundles().listAll(OTHER_PROJECT)).isEmpty());
        assertFalse(inTransaction(() -> persistence.bundles().isImageReferenced(OTHER_PROJECT, okm1.id())));
    }

    @Test
    void anUnknownBundleIsNotFound() {
        assertTrue(inTransaction(() -> persistence.bundles().find(PROJECT, BundleId.of("nothing"))).isEmpty());
    }

    @Test
    void theListHoldsTheDeviceClassesBundles_oldestFirst_onTheChannelWhenOneIsGiven() {
        Bundle third = existingBundle("c-third", PROJECT, LIGHT, Channel.STABLE, at(30), okm1);
        Bundle first = existingBundle("b-first", PROJECT, LIGHT, BETA, at(10), okm1, ir4key1);
        Bundle second = existingBundle("a-second", PROJECT, LIGHT, Channel.STABLE, at(20));
        existingBundle("plug", PROJECT, PLUG, Channel.STABLE, at(0), okm1);
        existingBundle("elsewhere", OTHER_PROJECT, LIGHT, Channel.STABLE, at(0));

        assertEquals(bundleIds(List.of(first, second, third)),
                bundleIds(inTransaction(() -> persistence.bundles().list(PROJECT, LIGHT, Optional.empty()))));
        assertEquals(bundleIds(List.of(second, third)),
                bundleIds(inTransaction(() -> persistence.bundles().list(PROJECT, LIGHT, Optional.of(Channel.STABLE)))));
        assertEquals(bundleIds(List.of(first)),
                bundleIds(inTransaction(() -> persistence.bundles().list(PROJECT, LIGHT, Optional.of(BETA)))));
        assertTrue(inTransaction(() -> persistence.bundles().list(PROJECT, PLUG, Optional.of(BETA))).isEmpty());
    }

    @Test
    void listAllHoldsEveryBundleOfTheProject_oldestFirst_theIdBreakingTies() {
        Bundle b = existingBundle("b", PROJECT, PLUG, BETA, at(5), okm1);
        Bundle c = existingBundle("c", PROJECT, LIGHT, Channel.STABLE, at(5));
        Bundle a = existingBundle("a", PROJECT, LIGHT, Channel.STABLE, at(5), ir4key1);
        Bundle earliest = existingBundle("z", PROJECT, LIGHT, BETA, at(1), boot1);
        existingBundle("elsewhere", OTHER_PROJECT, LIGHT, Channel.STABLE, at(0));

        assertEquals(bundleIds(List.of(earliest, a, b, c)),
                bundleIds(inTransaction(() -> persistence.bundles().listAll(PROJECT))));
    }

    @Test
    void theCountHoldsTheProjectsBundlesOnly() {
        existingBundle("a", PROJECT, PLUG, BETA, at(1), okm1);
        existingBundle("b", PROJECT, LIGHT, Channel.STABLE, at(2));
        existingBundle("elsewhere", OTHER_PROJECT, LIGHT, Channel.STABLE, at(0));

        assertEquals(2, inTransaction(() -> persistence.bundles().count(PROJECT)));
        assertEquals(1, inTransaction(() -> persistence.bundles().count(OTHER_PROJECT)));
        assertEquals(0, inTransaction(() -> persistence.bundles().count(ProjectId.of(999))));
    }

    @Test
    void listedBundlesCarryAllTheirComponents_inOrder_eachBundleOnce() {
        Bundle three = existingBundle("three", PROJECT, LIGHT, Channel.STABLE, at(1), boot1, okm2, ir4key1);
        Bundle none = existingBundle("none", PROJECT, LIGHT, Channel.STABLE, at(2));
        Bundle two = existingBundle("two", PROJECT, LIGHT, Channel.STABLE, at(3), ir4key1, okm1);

        List<Bundle> listed = inTransaction(() -> persistence.bundles().list(PROJECT, LIGHT, Optional.empty()));

        assertEquals(3, listed.size());
        assertSameBundle(three, listed.get(0), 0);
        assertSameBundle(none, listed.get(1), 0);
        assertSameBundle(two, listed.get(2), 0);
        assertEquals(listed.stream().map(Bundle::components).toList(), inTransaction(() ->
                persistence.bundles().listAll(PROJECT)).stream().map(Bundle::components).toList());
    }

    @Test
    void anImageIsReferencedWhileABundleOfTheProjectHoldsIt() {
        Bundle bundle = existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1, ir4key1);
        existingBundle("b2", PROJECT, LIGHT, Channel.STABLE, T0, okm1);

        assertTrue(inTransaction(() -> persistence.bundles().isImageReferenced(PROJECT, okm1.id())));
        assertTrue(inTransaction(() -> persistence.bundles().isImageReferenced(PROJECT, ir4key1.id())));
        assertFalse(inTransaction(() -> persistence.bundles().isImageReferenced(PROJECT, okm2.id())));
        assertFalse(inTransaction(() -> persistence.bundles().isImageReferenced(PROJECT,
                ImageId.of(UUID.randomUUID()))));

        Bundle changed = reload(bundle);
        changed.replaceComponents(List.of(component(okm2)));
        inTransaction(() -> persistence.bundles().update(changed));

        assertFalse(inTransaction(() -> persistence.bundles().isImageReferenced(PROJECT, ir4key1.id())));
        assertTrue(inTransaction(() -> persistence.bundles().isImageReferenced(PROJECT, okm2.id())));
    }

    // ---- ids are unique across projects ----

    @Test
    void addingATakenId_throwsAlreadyExists_andChangesNothing() {
        existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1);
        Bundle duplicate = bundle("b1", PROJECT, PLUG, BETA, at(1), ir4key1);

        AlreadyExistsException thrown = assertThrows(AlreadyExistsException.class,
                () -> inTransaction(() -> persistence.bundles().add(duplicate)));

        assertEquals("bundle", thrown.what());
        assertEquals("b1", thrown.id());
        assertEquals(1, count("bundle"));
        assertEquals(List.of(component(okm1)), reload(duplicate).components());
    }

    @Test
    void addingAnIdTakenInAnotherProject_throwsAlreadyExists() {
        existingBundle("b1", OTHER_PROJECT, LIGHT, Channel.STABLE, T0);

        assertThrows(AlreadyExistsException.class, () -> inTransaction(() ->
                persistence.bundles().add(bundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1))));
        assertEquals(1, count("bundle"));
    }

    @Test
    void addingOneIdTwiceInOneTransaction_throwsAlreadyExists_andAddsNeither() {
        assertThrows(AlreadyExistsException.class, () -> inTransaction(() -> {
            persistence.bundles().add(bundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1));
            persistence.bundles().add(bundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, ir4key1));
        }));
        assertEquals(0, count("bundle"));
        assertEquals(0, count("bundle_component"));
    }

    @Test
    void twoTransactionsAddingTheSameId_oneCommitsTheOtherGetsAlreadyExists() throws Exception {
        Contender contender = bothReady -> {
            assertTrue(persistence.bundles().find(PROJECT, BundleId.of("b1")).isEmpty());
            bothReady.run();
            persistence.bundles().add(bundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1));
        };

        assertOneWinsOneFailsWith(AlreadyExistsException.class, race(contender, contender));
        assertEquals(1, count("bundle"));
        assertEquals(1, count("bundle_component"));
    }

    // ---- optimistic locking ----

    @Test
    void updatingOrRemovingAStaleCopy_throwsConcurrentModification() {
        Bundle stored = existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1);
        Bundle first = reload(stored);
        Bundle stale = reload(stored);
        first.describe("First", null);
        inTransaction(() -> persistence.bundles().update(first));

        stale.describe("Stale", null);
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.bundles().update(stale)));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.bundles().remove(stale)));

        assertEquals("First", reload(stored).name());
    }

    @Test
    void updatingOrRemovingABundleThatIsGone_throwsConcurrentModification() {
        Bundle stored = existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1);
        inTransaction(() -> persistence.bundles().remove(reload(stored)));

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.bundles().update(stored)));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.bundles().remove(stored)));
    }

    @Test
    void updatingOrRemovingThroughAnotherProject_throwsConcurrentModification() {
        Bundle stored = existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1);
        Bundle foreign = Bundle.reconstitute(stored.id(), OTHER_PROJECT, "Foreign", "", LIGHT, Channel.STABLE,
                List.of(), T0, 0);

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.bundles().update(foreign)));
        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.bundles().remove(foreign)));
        assertSameBundle(stored, reload(stored), 0);
    }

    @Test
    void twoTransactionsReplacingTheComponents_oneCommitsTheOtherGetsConcurrentModification() throws Exception {
        Bundle stored = existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1);
        Contender contender = bothReady -> {
            Bundle copy = persistence.bundles().find(PROJECT, stored.id()).orElseThrow();
            bothReady.run();
            copy.replaceComponents(List.of(component(ir4key1)));
            persistence.bundles().update(copy);
        };

        assertOneWinsOneFailsWith(ConcurrentModificationException.class, race(contender, contender));
        assertEquals(1, reload(stored).revision());
        assertEquals(1, count("bundle_component"));
    }

    // ---- removal and the images components hold ----

    @Test
    void removingABundle_removesItsComponents_andNoOtherBundles() {
        Bundle removed = existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1, ir4key1, boot1);
        Bundle kept = existingBundle("b2", PROJECT, LIGHT, Channel.STABLE, T0, okm1);

        inTransaction(() -> persistence.bundles().remove(reload(removed)));

        assertTrue(inTransaction(() -> persistence.bundles().find(PROJECT, removed.id())).isEmpty());
        assertEquals(1, count("bundle_component"));
        assertSameBundle(kept, reload(kept), 0);
        assertFalse(inTransaction(() -> persistence.bundles().isImageReferenced(PROJECT, ir4key1.id())));
    }

    @Test
    void deletingAnImageABundleHolds_throwsConcurrentModification_andKeepsBoth() {
        Bundle bundle = existingBundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1, ir4key1);

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.firmwareImages().remove(reload(okm1))));

        assertSameBundle(bundle, reload(bundle), 0);
        assertTrue(inTransaction(() -> persistence.firmwareImages().find(PROJECT, okm1.id())).isPresent());
    }

    @Test
    void addingABundleWithAnImageDeletedMeanwhile_throwsConcurrentModification() {
        inTransaction(() -> persistence.firmwareImages().remove(reload(boot1)));

        assertThrows(ConcurrentModificationException.class, () -> inTransaction(() ->
                persistence.bundles().add(bundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1, boot1))));
        assertEquals(0, count("bundle"));
    }

    @Test
    void usingBundlesOutsideATransaction_throwsIllegalState() {
        Bundle bundle = bundle("b1", PROJECT, LIGHT, Channel.STABLE, T0, okm1);

        assertThrows(IllegalStateException.class, () -> persistence.bundles().add(bundle));
        assertThrows(IllegalStateException.class, () -> persistence.bundles().find(PROJECT, bundle.id()));
        assertThrows(IllegalStateException.class, () -> persistence.bundles().listAll(PROJECT));
        assertThrows(IllegalStateException.class, () -> persistence.bundles().isImageReferenced(PROJECT, okm1.id()));
    }

    // ---- helpers ----

    static BundleComponent component(FirmwareImage image) {
        return new BundleComponent(image.id(), image.typeName());
    }

    static Bundle bundle(String id, ProjectId project, DeviceClass deviceClass, Channel channel, Instant createdAt,
                         FirmwareImage... images) {
        return Bundle.create(BundleId.of(id), project, "Bundle " + id, "About " + id, deviceClass, channel,
                List.of(images).stream().map(BundleRepositoryContract::component).toList(), createdAt);
    }

    Bundle existingBundle(String id, ProjectId project, DeviceClass deviceClass, Channel channel, Instant createdAt,
                          FirmwareImage... images) {
        Bundle bundle = bundle(id, project, deviceClass, channel, createdAt, images);
        inTransaction(() -> persistence.bundles().add(bundle));
        return bundle;
    }

    Bundle reload(Bundle bundle) {
        return inTransaction(() -> persistence.bundles().find(bundle.projectId(), bundle.id())).orElseThrow();
    }

    static void assertSameBundle(Bundle expected, Bundle actual, long expectedRevision) {
        assertEquals(expected.id(), actual.id(), "id");
        assertEquals(expected.projectId(), actual.projectId(), "projectId");
        assertEquals(expected.name(), actual.name(), "name");
        assertEquals(expected.description(), actual.description(), "description");
        assertEquals(expected.deviceClass(), actual.deviceClass(), "deviceClass");
        assertEquals(expected.channel(), actual.channel(), "channel");
        assertEquals(expected.components(), actual.components(), "components");
        assertEquals(expected.createdAt(), actual.createdAt(), "createdAt");
        assertEquals(expectedRevision, actual.revision(), "revision");
    }

    static List<BundleId> bundleIds(List<Bundle> bundles) {
        return bundles.stream().map(Bundle::id).toList();
    }
}
