package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File names from uploads never reach the file system as paths: the store names every binary by
 * a key of its own (a random UUID) and keeps the uploaded name only as a column, whatever the
 * name holds. Each hostile name is uploaded through the two surfaces that take files; afterwards
 * the store holds nothing but {@code objects/<2 chars>/<uuid>} files, nothing appeared beside the
 * data directory, and a download names the file without any path.
 */
class UploadFileNamesTest extends RunningServerTest {

    private static final Pattern STORED = Pattern.compile("objects/[0-9a-f]{2}/[0-9a-f]{8}-[0-9a-f-]{27}");

    @ParameterizedTest
    @ValueSource(strings = {"../../escaped.bin", "..%2F..%2Fescaped.bin", "%2e%2e%2fescaped.bin", "/tmp/escaped.bin",
        "C:\\Windows\\escaped.bin", "..\\..\\escaped.bin", "escaped\u0000.bin", "..", ".", "....//escaped.bin",
        "objects/aa/escaped.bin", "~/escaped.bin", "escaped.bin\r\nX-Injected: 1"})
    void aHostileFileNameNeverBecomesAPath(String filename) {
        byte[] content = ("content for " + filename).getBytes(StandardCharsets.UTF_8);
        Http.Response created = http.postJson("image", "{\"label\": \"names\", \"fw_version\": \"1.0."
                + Math.abs(filename.hashCode() % 100000) + "\"}");
        assertEquals(201, created.status());
        String image = created.json().get("id").asText();

        Http.Response uploaded = http.postFile("image/" + image + "/binary", "image", filename, content);
        assertTrue(uploaded.status() == 200 || uploaded.status() == 400, "status " + uploaded.status());
        Http.Response deployed = http.postForm("v1/ota/device", List.of(new Http.Part("firmware", filename, content),
                Http.Part.field("device", "names-device"), Http.Part.field("token", "wrong token"),
                Http.Part.field("version", "1.0.0")));
        assertTrue(deployed.status() >= 400 && deployed.status() < 500, "status " + deployed.status());

        assertOnlyKeyedObjectsInTheStore();
        assertFalse(Files.exists(dataDir.resolveSibling("escaped.bin")));
        assertFalse(Files.exists(Path.of("/tmp/escaped.bin")));
        if (uploaded.status() == 200) {
            Http.Response download = http.get("image/" + image + "/binary");
            assertEquals(200, download.status());
            String disposition = download.header("Content-Disposition");
            String plainName = disposition.substring(disposition.indexOf('"') + 1, disposition.lastIndexOf('"'));
            assertFalse(plainName.contains("/") || plainName.contains("\\"), disposition);
        }
    }

    private void assertOnlyKeyedObjectsInTheStore() {
        Path store = dataDir.resolve("binaries");
        try (Stream<Path> files = Files.walk(store)) {
            files.filter(Files::isRegularFile).map(file -> store.relativize(file).toString().replace('\\', '/'))
                    .forEach(file -> assertTrue(STORED.matcher(file).matches(), "a file named by an upload: " + file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            assertEquals(List.of("binaries", "db"), entries.map(entry -> entry.getFileName().toString()).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
