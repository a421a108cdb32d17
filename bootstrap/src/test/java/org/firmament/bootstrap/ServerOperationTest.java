package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.firmament.application.port.out.ServiceUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the running server behaves as an operator sees it: health, limits, start-up failures. */
class ServerOperationTest {

    private static final String TOKEN = TestServers.ADMIN_TOKEN;

    @TempDir
    Path dataDir;

    private FirmamentServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Http start(Map<String, String> settings) {
        server = TestServers.start(dataDir, settings);
        return TestServers.client(server);
    }

    @Test
    void deviceApiRecordingTransactionsAreAFifthOfThePool_andAtLeastOne() {
        assertEquals(1, FirmamentServer.recordingTransactions(2), "the smallest pool allowed");
        assertEquals(1, FirmamentServer.recordingTransactions(9));
        assertEquals(2, FirmamentServer.recordingTransactions(10), "the default pool");
        assertEquals(8, FirmamentServer.recordingTransactions(40));
    }

    @Test
    void credentialLookupTransactionsAreAQuarterOfThePool_andAtLeastOne() {
        assertEquals(1, FirmamentServer.lookupTransactions(2), "the smallest pool allowed");
        assertEquals(1, FirmamentServer.lookupTransactions(7));
        assertEquals(2, FirmamentServer.lookupTransactions(10), "the default pool");
        assertEquals(10, FirmamentServer.lookupTransactions(40));
    }

    @Test
    void healthAnswers503NamingTheComponentWhenTheBinaryStoreIsUnreachableAnd200OnceItIsBack() throws IOException {
        Http http = start(Map.of());
        assertEquals(200, http.get("/health").status());

        Path binaries = dataDir.resolve("binaries");
        Path aside = dataDir.resolve("binaries-aside");
        Files.move(binaries, aside);
        Files.writeString(binaries, "not a directory");
        Http.Response down = http.get("/health");
        assertEquals(503, down.status());
        down.expectJson("{\"status\": \"DOWN\", \"checks\": {\"database\": \"UP\", \"binaryStore\": \"DOWN\"}}");

        Files.delete(binaries);
        Files.move(aside, binaries);
        assertEquals(200, http.get("/health").status());
    }

    @Test
    void livenessAnswers200WithoutACredentialWhileTheBinaryStoreIsUnreachable() throws IOException {
        Http anonymous = start(Map.of()).withAuthorization(null);
        anonymous.get("/health/live").expectJson("{\"status\": \"UP\"}");

        Path binaries = dataDir.resolve("binaries");
        Files.move(binaries, dataDir.resolve("binaries-aside"));
        Files.writeString(binaries, "not a directory");
        assertEquals(503, anonymous.get("/health").status(), "readiness sees the broken store");
        Http.Response live = anonymous.get("/health/live");
        assertEquals(200, live.status(), "liveness does not look at it");
        live.expectJson("{\"status\": \"UP\"}");
    }

    @Test
    void anUploadOverTheConfiguredLimitAnswers413AndKeepsNothing() throws IOException {
        Http http = start(Map.of("FIRMAMENT_MAX_UPLOAD_BYTES", "1024"));
        String id = http.postJson("/image/", "{\"label\": \"limited\", \"fw_version\": \"1.0.0\"}").json().get("id").asText();

        Http.Response refused = http.postFile("/image/" + id + "/binary", "image", "big.hex", new byte[4096]);
        assertEquals(413, refused.status());
        assertEquals(413, refused.json().get("status").asInt());
        assertFalse(http.get("/image/" + id).json().get("confirmed").asBoolean());
        assertEquals(0, TestServers.filesUnder(dataDir.resolve("binaries").resolve("objects")), "no binary is kept from a refused upload");

        assertEquals(200, http.postFile("/image/" + id + "/binary", "image", "ok.hex", new byte[1024]).status());
        assertEquals(1, TestServers.filesUnder(dataDir.resolve("binaries").resolve("objects")));
    }

    @Test
    void deletingAnImageDeletesItsBinaryFromTheStore() throws IOException {
        Http http = start(Map.of());
        String id = http.postJson("/image/", "{\"label\": \"cleanup\", \"fw_version\": \"1.0.0\"}").json().get("id").asText();
        http.postFile("/image/" + id + "/binary", "image", "a.hex", new byte[] {1, 2, 3});
        assertEquals(1, TestServers.filesUnder(dataDir.resolve("binaries").resolve("objects")));
        assertEquals(200, http.delete("/image/" + id).status());
        assertEquals(0, TestServers.filesUnder(dataDir.resolve("binaries").resolve("objects")));
    }

    @Test
    void aGeneratedAdminTokenIsShownOnceAndWorksAfterARestart() {
        Map<String, String> env = Map.of("FIRMAMENT_HTTP_PORT", "0", "FIRMAMENT_DATA_DIR", dataDir.toString());
        server = FirmamentServer.start(FirmamentConfig.from(Map.of(), env));
        String token = server.generatedAdminToken().orElseThrow();
        assertEquals(200, new Http(server.baseUri(), "Bearer " + token).get("/image").status());
        server.close();

        server = FirmamentServer.start(FirmamentConfig.from(Map.of(), env));
        assertTrue(server.generatedAdminToken().isEmpty(), "the token is printed only at the first start");
        assertEquals(200, new Http(server.baseUri(), "Bearer " + token).get("/image").status());
        assertEquals(401, new Http(server.baseUri(), "Bearer " + TOKEN).get("/image").status());
    }

    @Test
    void anUnreachableDatabaseStopsStartUpWithAClearError() {
        Map<String, String> env = Map.of("FIRMAMENT_HTTP_PORT", "0", "FIRMAMENT_DATA_DIR", dataDir.toString(),
                "FIRMAMENT_DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/firmament");
        assertThrows(ServiceUnavailableException.class, () -> FirmamentServer.start(FirmamentConfig.from(Map.of(), env)));
    }

    @Test
    void aPortInUseStopsStartUpWithAClearError() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> env = Map.of("FIRMAMENT_HTTP_PORT", String.valueOf(taken.getLocalPort()),
                    "FIRMAMENT_DATA_DIR", dataDir.toString(), "FIRMAMENT_ADMIN_TOKEN", TOKEN);
            UncheckedIOException refused = assertThrows(UncheckedIOException.class,
                    () -> FirmamentServer.start(FirmamentConfig.from(Map.of(), env)));
            assertTrue(refused.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    refused.getMessage());
        }
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
