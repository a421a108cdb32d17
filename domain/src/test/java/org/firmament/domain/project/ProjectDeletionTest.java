package org.firmament.domain.project;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.firmament.domain.InUseException;
import org.firmament.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

class ProjectDeletionTest {

    private static final ProjectDeletion.Contents EMPTY = new ProjectDeletion.Contents(0, 0, 0);

    @Test
    void theDefaultProjectCannotBeDeletedEvenWhenEmpty() {
        InUseException refused = assertThrows(InUseException.class,
                () -> ProjectDeletion.check(ProjectId.DEFAULT, EMPTY));
        assertTrue(refused.getMessage().contains("default project"), refused.getMessage());
    }

    @Test
    void anEmptyProjectCanBeDeleted() {
        assertDoesNotThrow(() -> ProjectDeletion.check(ProjectId.of(2), EMPTY));
    }

    @Test
    void aProjectHoldingImagesBundlesOrDevicesCannotBeDeleted_andTheMessageNamesWhatIsLeft() {
        InUseException all = assertThrows(InUseException.class,
                () -> ProjectDeletion.check(ProjectId.of(5), new ProjectDeletion.Contents(3, 1, 2)));
        assertEquals("Project 5 still holds 3 firmware images, 1 bundle and 2 devices; delete them first"
                + " (firmware types without images go with the project)", all.getMessage());

        InUseException devicesOnly = assertThrows(InUseException.class,
                () -> ProjectDeletion.check(ProjectId.of(5), new ProjectDeletion.Contents(0, 0, 1)));
        assertTrue(devicesOnly.getMessage().startsWith("Project 5 still holds 1 device;"), devicesOnly.getMessage());

        InUseException imagesAndBundles = assertThrows(InUseException.class,
                () -> ProjectDeletion.check(ProjectId.of(5), new ProjectDeletion.Contents(1, 2, 0)));
        assertTrue(imagesAndBundles.getMessage().startsWith("Project 5 still holds 1 firmware image and 2 bundles;"),
                imagesAndBundles.getMessage());
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(InvalidValueException.class, () -> new ProjectDeletion.Contents(-1, 0, 0));
    }
}
