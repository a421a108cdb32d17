package org.firmament.domain.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

class LatestReleaseTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static FirmwareType type(VersionScheme scheme) {
        return FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("OKM"), scheme, T0);
    }

    private static FirmwareImage published(FirmwareType type, String version, int minute) {
        FirmwareImage image = FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of(version),
                T0.plusSeconds(60L * minute));
        image.pointTo(new Artifact.ExternalUrl("https://example.com/" + version + ".bin"));
        return image;
    }

    private static FirmwareImage withoutArtifact(FirmwareType type, String version, int minute) {
        return FirmwareImage.create(ImageId.of(UUID.randomUUID()), type, FirmwareVersion.of(version),
                T0.plusSeconds(60L * minute));
    }

    @Test
    void forNumericVersionsTheHighestNumberIsTheLatestWhateverTheOrderOfPublication() {
        FirmwareType okm = type(VersionScheme.NUMERIC);
        FirmwareImage high = published(okm, "01932023020111482", 1);
        FirmwareImage low = published(okm, "1932023020111481", 2);
        assertEquals(Optional.of(high), LatestRelease.of(okm, List.of(high, low)));
    }

    @Test
    void imagesWithoutArtifactAreNotReleases() {
        FirmwareType okm = type(VersionScheme.NUMERIC);
        FirmwareImage released = published(okm, "1", 1);
        FirmwareImage bare = withoutArtifact(okm, "2", 2);
        assertEquals(Optional.of(released), LatestRelease.of(okm, List.of(released, bare)));
        assertEquals(Optional.empty(), LatestRelease.of(okm, List.of(bare)));
    }

    @Test
    void aDeviceBehindTheLatestGetsItAndADeviceOnOrAheadOfItDoesNot() {
        FirmwareType fw = type(VersionScheme.SEMANTIC);
        FirmwareImage latest = published(fw, "1.2.0", 1);
        List<FirmwareImage> images = List.of(published(fw, "1.1.0", 0), latest);
        assertEquals(Optional.of(latest), LatestRelease.updateFor(fw, FirmwareVersion.of("1.2.0-rc.1"), images));
        assertEquals(Optional.empty(), LatestRelease.updateFor(fw, FirmwareVersion.of("1.2.0"), images));
        assertEquals(Optional.empty(), LatestRelease.updateFor(fw, FirmwareVersion.of("2.0.0"), images),
                "never a downgrade");
    }

    @Test
    void forOpaqueVersionsTheLastPublishedIsTheLatestAndAnyDifferenceIsAnUpdate() {
        FirmwareType opaque = type(VersionScheme.OPAQUE);
        FirmwareImage first = published(opaque, "zeta", 1);
        FirmwareImage last = published(opaque, "alpha", 2);
        List<FirmwareImage> images = List.of(first, last);
        assertEquals(Optional.of(last), LatestRelease.of(opaque, images));
        assertEquals(Optional.of(last), LatestRelease.updateFor(opaque, FirmwareVersion.of("zeta"), images));
        assertEquals(Optional.empty(), LatestRelease.updateFor(opaque, FirmwareVersion.of("alpha"), images));
    }

    @Test
    void equalPrecedenceGoesToTheLaterPublication() {
        FirmwareType fw = type(VersionScheme.SEMANTIC);
        FirmwareImage earlier = published(fw, "1.0.0+build.1", 1);
        FirmwareImage later = published(fw, "1.0.0+build.2", 2);
        assertEquals(Optional.of(later), LatestRelease.of(fw, List.of(later, earlier)));
    }

    @Test
    void anInstalledVersionOutsideTheSchemeIsRefused() {
        FirmwareType okm = type(VersionScheme.NUMERIC);
        assertThrows(InvalidValueException.class,
                () -> LatestRelease.updateFor(okm, FirmwareVersion.of("1.0"), List.of(published(okm, "2", 1))));
    }

    @Test
    void imagesOfOtherTypesAreIgnored() {
        FirmwareType okm = type(VersionScheme.NUMERIC);
        FirmwareType other = FirmwareType.create(ProjectId.DEFAULT, FirmwareTypeName.of("IR4KEY"), VersionScheme.NUMERIC, T0);
        assertEquals(Optional.empty(), LatestRelease.of(okm, List.of(published(other, "9", 1))));
    }

    @Test
    void decidedOnce_answersEachInstalledVersionAsTheRuleDoes() {
        FirmwareType fw = type(VersionScheme.SEMANTIC);
        FirmwareImage latest = published(fw, "1.2.0", 2);
        List<FirmwareImage> images = List.of(published(fw, "1.1.0", 1), latest, published(fw, "1.0.0", 0));
        LatestRelease decided = LatestRelease.among(fw, images);

        assertEquals(Optional.of(latest), decided.image());
        for (String installed : List.of("0.9.0", "1.1.0", "1.2.0-rc.1", "1.2.0", "1.2.0+other", "3.0.0")) {
            FirmwareVersion version = FirmwareVersion.of(installed);
            assertEquals(LatestRelease.updateFor(fw, version, images), decided.updateFor(version), installed);
        }
        assertEquals(Optional.of(latest), decided.updateFor(FirmwareVersion.of("1.1.0")));
        assertEquals(Optional.empty(), decided.updateFor(FirmwareVersion.of("3.0.0")), "never a downgrade");
        assertThrows(InvalidValueException.class, () -> decided.updateFor(FirmwareVersion.of("1.x")));
    }

    @Test
    void aTypeWithoutAnyReleasedImage_hasNoLatestRelease_andNeverAnUpdate() {
        FirmwareType fw = type(VersionScheme.SEMANTIC);
        LatestRelease none = LatestRelease.among(fw, List.of());
        assertEquals(Optional.empty(), none.image());
        assertEquals(Optional.empty(), none.updateFor(FirmwareVersion.of("1.0.0")));
    }
}
