package org.firmament.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Stored binaries on the embedded default: H2 and the file-system store. */
class StoredBinariesFileStoreTest extends StoredBinariesApiContract {

    @Override
    Map<String, String> deploymentSettings() {
        return Map.of();
    }

    @Override
    List<String> keysHolding(byte[] content) {
        return objectFiles(dataDir).stream().filter(file -> {
            try {
                return Arrays.equals(Files.readAllBytes(file), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).map(file -> file.getFileName().toString()).toList();
    }

    @Override
    void flipAByte(String key) {
        Path file = objectFiles(dataDir).stream().filter(f -> f.getFileName().toString().equals(key)).findFirst()
                .orElseThrow();
        try {
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x20;
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
