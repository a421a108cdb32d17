package org.firmament.domain.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void imageIdsParseOnlyTheCanonicalUuidForm() {
        assertTrue(ImageId.tryParse("b60aa5e9-cbe6-4b51-b76c-08cf8273db07").isPresent());
        assertEquals(Optional.empty(), ImageId.tryParse("efac"));
        assertEquals(Optional.empty(), ImageId.tryParse("57852f31-a906-4d5f-a0c3-fde41ff64d"));
        assertEquals(Optional.empty(), ImageId.tryParse("1-1-1-1-1"));
        assertEquals(Optional.empty(), ImageId.tryParse(null));
    }

    @Test
    void projectIdsArePositiveIntegers() {
        assertEquals(ProjectId.of(42), ProjectId.parse("42"));
        assertThrows(InvalidValueException.class, () -> ProjectId.parse("0"));
        assertThrows(InvalidValueException.class, () -> ProjectId.parse("-1"));
        assertThrows(InvalidValueException.class, () -> ProjectId.parse("1e3"));
        assertThrows(InvalidValueException.class, () -> ProjectId.parse("99999999999999999999"));
    }

    @Test
    void versionsAndTypeNamesAreBoundedPrintableTextWithoutSurroundingSpace() {
        assertThrows(InvalidValueException.class, () -> FirmwareVersion.of(" 1.0.0"));
        assertThrows(InvalidValueException.class, () -> FirmwareVersion.of("1\n"));
        assertThrows(InvalidValueException.class, () -> FirmwareVersion.of("x".repeat(129)));
        assertThrows(InvalidValueException.class, () -> FirmwareTypeName.of(""));
        assertThrows(InvalidValueException.class, () -> FirmwareTypeName.of("   "));
        assertEquals("Batch Key", FirmwareTypeName.of("Batch Key").value());
    }

    @Test
    void digestsAreHexOfTheAlgorithmsLengthKeptInLowerCase() {
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d",
                Digest.sha1("A9993E364706816ABA3E25717850C26C9CD0D89D").hex());
        assertThrows(InvalidValueException.class, () -> Digest.sha1("72023f800b694zz02b223c9971fc9febcbef8324"));
        assertThrows(InvalidValueException.class, () -> Digest.sha256("a9993e364706816aba3e25717850c26c9cd0d89d"));
    }

    @Test
    void binaryKeysCannotEscapeTheStore() {
        assertThrows(InvalidValueException.class, () -> BinaryKey.of("../etc/passwd"));
        assertThrows(InvalidValueException.class, () -> BinaryKey.of("a/b"));
        assertThrows(InvalidValueException.class, () -> BinaryKey.of("-x"));
        assertEquals("3f2a-9", BinaryKey.of("3f2a-9").value());
    }

    @Test
    void externalUrlsMustBeAbsoluteHttp() {
        new Artifact.ExternalUrl("https://storage.googleapis.com/bucket/fw.bin&alt=media");
        new Artifact.ExternalUrl("https://storage.googleapis.com/<BUCKET_NAME>/<FIRMWARE_FILE_NAME>.bin&alt=media");
        new Artifact.ExternalUrl("HTTP://10.0.0.5:8080/fw.bin?x=1#y");
        assertThrows(InvalidValueException.class, () -> new Artifact.ExternalUrl("https:///no-host.bin"));
        assertThrows(InvalidValueException.class, () -> new Artifact.ExternalUrl("https://user@evil.example/fw.bin"));
        assertThrows(InvalidValueException.class, () -> new Artifact.ExternalUrl("https://host/with space.bin"));
        assertThrows(InvalidValueException.class, () -> new Artifact.ExternalUrl("file:///etc/passwd"));
        assertThrows(InvalidValueException.class, () -> new Artifact.ExternalUrl("/relative/path"));
        assertThrows(InvalidValueException.class, () -> new Artifact.ExternalUrl("javascript:alert(1)"));
    }

    @Test
    void storedBinariesNeedBothDigestsAndAPlainFileName() {
        Digest sha1 = Digest.sha1("a9993e364706816aba3e25717850c26c9cd0d89d");
        Digest sha256 = Digest.sha256("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThrows(InvalidValueException.class,
                () -> new Artifact.StoredBinary(BinaryKey.of("k"), "../x.hex", 3, sha1, sha256));
        assertThrows(InvalidValueException.class,
                () -> new Artifact.StoredBinary(BinaryKey.of("k"), "x.hex", 3, sha256, sha256));
        assertThrows(InvalidValueException.class,
                () -> new Artifact.StoredBinary(BinaryKey.of("k"), "x.hex", -1, sha1, sha256));
    }

    @Test
    void aStatedDigestMustMatchWhatArrivedAndNoStatedDigestChecksNothing() {
        Digest measured = Digest.sha256("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        Digest.requireExpected(Optional.empty(), measured);
        Digest.requireExpected(Optional.of(Digest.sha256(measured.hex().toUpperCase())), measured);
        InvalidValueException damaged = assertThrows(InvalidValueException.class,
                () -> Digest.requireExpected(Optional.of(Digest.sha256("0".repeat(64))), measured));
        assertEquals("sha256", damaged.field());
    }
}
