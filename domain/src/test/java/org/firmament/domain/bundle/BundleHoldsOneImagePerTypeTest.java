package org.firmament.domain.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.firmament.domain.RuleViolationException;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.ImageId;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

class BundleHoldsOneImagePerTypeTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static BundleComponent component(String type) {
        return new BundleComponent(ImageId.of(UUID.randomUUID()), FirmwareTypeName.of(type));
    }

    private static Bundle bundle(List<BundleComponent> components) {
        return Bundle.create(BundleId.of("light_bundle"), ProjectId.DEFAULT, "light_bundle", "sensors",
                DeviceClass.of("smart_light"), Channel.STABLE, components, NOW);
    }

    @Test
    void imagesOfDifferentTypesFormABundle() {
        Bundle bundle = bundle(List.of(component("component_one"), component("component_two")));
        assertEquals(2, bundle.components().size());
    }

    @Test
    void twoImagesOfOneTypeAreRefusedAtCreation() {
        RuleViolationException refused = assertThrows(RuleViolationException.class,
                () -> bundle(List.of(component("component_one"), component("component_one"))));
        assertEquals("components", refused.field());
    }

    @Test
    void twoImagesOfOneTypeAreRefusedWhenComponentsAreReplaced() {
        Bundle bundle = bundle(List.of(component("a")));
        assertThrows(RuleViolationException.class, () -> bundle.replaceComponents(List.of(component("b"), component("b"))));
        assertEquals(1, bundle.components().size(), "a refused change leaves the bundle as it was");
    }

    @Test
    void componentsCannotBeChangedThroughTheReturnedList() {
        List<BundleComponent> given = new ArrayList<>(List.of(component("a")));
        Bundle bundle = bundle(given);
        given.add(component("a"));
        assertEquals(1, bundle.components().size());
        assertThrows(UnsupportedOperationException.class, () -> bundle.components().add(component("c")));
    }

    @Test
    void anEmptyBundleIsAllowedAndReconstitutionChecksTheSameRule() {
        assertEquals(0, bundle(List.of()).components().size());
        assertThrows(RuleViolationException.class, () -> Bundle.reconstitute(BundleId.of("b1"), ProjectId.DEFAULT,
                "n", "", DeviceClass.of("c"), Channel.STABLE, List.of(component("x"), component("x")), NOW, 3));
    }
}
