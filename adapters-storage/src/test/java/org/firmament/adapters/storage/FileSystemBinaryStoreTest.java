package org.firmament.adapters.storage;

import static org.firmament.adapters.storage.TestStreams.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.firmament.application.port.out.BinaryStore;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.firmament.domain.firmware.BinaryKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract test run against the file system store, plus what only a directory on disk can get wrong. */
class FileSystemBinaryStoreTest extends BinaryStoreContract {

    @TempDir
    Path temp;

    private Path root;
    private FileSystemBinaryStore store;

    @BeforeEach
    void openStore() {
        root = temp.resolve("binaries");
        store = new FileSystemBinaryStore(root);
    }

    @Override
    protected BinaryStore store() {
        return store;
    }

    /** Root is the only thing anyone can get wrong: here it was replaced by a regular file. */
    @Override
    protected BinaryStore unreachableStore() {
        Path elsewhere = temp.resolve("gone");
        FileSystemBinaryStore gone = new FileSystemBinaryStore(elsewhere);
        deleteTree(elsewhere);
        try {
            Files.writeString(elsewhere, "not a directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gone;
    }

    @Override
    protected void leaveAnUnfinishedUpload() throws IOException {
        Files.writeString(root.resolve("tmp/" + java.util.UUID.randomUUID() + FileSystemBinaryStore.TEMP_SUFFIX), "half");
    }

    @Override
    protected List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Override
    protected Set<String> visibleKeys() throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("objects"))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void givenNoDirectoryYet_whenTheStoreOpens_thenItCreatesItsDirectories() {
        Path fresh = temp.resolve("a/b/c");

        new FileSystemBinaryStore(fresh).checkReachable();

        assertTrue(Files.isDirectory(fresh.resolve("tmp")));
        assertTrue(Files.isDirectory(fresh.resolve("objects")));
    }

    @Test
    void givenARegularFileAsRoot_whenTheStoreOpens_thenUncheckedIOException() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "x");

        assertThrows(UncheckedIOException.class, () -> new FileSystemBinaryStore(file));
    }

    @Test
    void givenLeftoverUploadsFromACrash_whenTheStoreOpens_thenOldOnesAreRemovedAndRecentOnesKept() throws IOException {
        Path stale = Files.writeString(root.resolve("tmp/crashed" + FileSystemBinaryStore.TEMP_SUFFIX), "half");
        Files.setLastModifiedTime(stale, FileTime.from(
                Instant.now().minus(FileSystemBinaryStore.STALE_TEMP_AGE).minusSeconds(60)));
        Path inFlight = Files.writeString(root.resolve("tmp/in-flight" + FileSystemBinaryStore.TEMP_SUFFIX), "half");

        new FileSystemBinaryStore(root);

        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(inFlight));
    }

    @Test
    void givenTheDirectoryWasRemoved_whenABinaryIsLookedUp_thenServiceUnavailableRatherThanNotFound() {
        BinaryKey key = store.store(bytes("x"), 1).key();
        deleteTree(root);

        assertThrows(ServiceUnavailableException.class, () -> store.exists(key));
        assertThrows(ServiceUnavailableException.class, () -> store.open(key));
        assertThrows(ServiceUnavailableException.class, () -> store.checkReachable());
    }

    @Test
    void givenAStoredBinary_whenStored_thenItSitsUnderObjectsAndNothingUnderTmp() throws IOException {
        String key = store.store(bytes("abc"), 3).key().value();

        assertEquals(List.of("objects/" + key.substring(0, 2) + "/" + key), leftovers());
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
