package org.firmament.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmament.adapters.rest.auth.JwtUserTokenVerifier;
import org.firmament.adapters.rest.common.JsonBody;
import org.firmament.application.port.in.DeviceOtaPageQuery;
import org.firmament.application.port.in.PageRequest;
import org.firmament.domain.Names;
import org.firmament.domain.access.ApiKey;
import org.firmament.domain.bundle.Bundle;
import org.firmament.domain.device.DeviceUpdate;
import org.firmament.domain.firmware.Artifact;
import org.firmament.domain.firmware.FirmwareTypeName;
import org.firmament.domain.firmware.FirmwareVersion;
import org.firmament.domain.project.Project;
import org.junit.jupiter.api.Test;

/**
 * docs/limits.md quotes the code, and each limit holds over HTTP: a request at the limit is served,
 * one past it refused in the surface's format.
 */
class LimitsTest extends RunningServerTest {

    private static final String MANAGEMENT = "api/management/v1/projects/";

    /** Every constant the document names, with its value. */
    private static final Map<String, Long> CONSTANTS = Map.ofEntries(
            Map.entry("FirmamentConfig.DEFAULT_MAX_UPLOAD_BYTES", FirmamentConfig.DEFAULT_MAX_UPLOAD_BYTES),
            Map.entry("JsonBody.MAX_BYTES", (long) JsonBody.MAX_BYTES),
            Map.entry("FirmamentServer.MAX_HEADER_BYTES", (long) FirmamentServer.MAX_HEADER_BYTES),
            Map.entry("JwtUserTokenVerifier.MAX_TOKEN_LENGTH", (long) JwtUserTokenVerifier.MAX_TOKEN_LENGTH),
            Map.entry("PageRequest.MAX_LIMIT", (long) PageRequest.MAX_LIMIT),
            Map.entry("PageRequest.DEFAULT_LIMIT", (long) PageRequest.DEFAULT_LIMIT),
            Map.entry("DeviceOtaPageQuery.MAX_LIMIT", (long) DeviceOtaPageQuery.MAX_LIMIT),
            Map.entry("DeviceOtaPageQuery.MAX_SEARCH_LENGTH", (long) DeviceOtaPageQuery.MAX_SEARCH_LENGTH),
            Map.entry("Names.MAX_IDENTIFIER_LENGTH", (long) Names.MAX_IDENTIFIER_LENGTH),
            Map.entry("FirmwareTypeName.MAX_LENGTH", (long) FirmwareTypeName.MAX_LENGTH),
            Map.entry("FirmwareVersion.MAX_LENGTH", (long) FirmwareVersion.MAX_LENGTH),
            Map.entry("Artifact.StoredBinary.MAX_FILENAME_LENGTH", (long) Artifact.StoredBinary.MAX_FILENAME_LENGTH),
            Map.entry("Artifact.ExternalUrl.MAX_LENGTH", (long) Artifact.ExternalUrl.MAX_LENGTH),
            Map.entry("Project.MAX_NAME_LENGTH", (long) Project.MAX_NAME_LENGTH),
            Map.entry("ApiKey.MAX_NAME_LENGTH", (long) ApiKey.MAX_NAME_LENGTH),
            Map.entry("Bundle.MAX_NAME_LENGTH", (long) Bundle.MAX_NAME_LENGTH),
            Map.entry("Bundle.MAX_DESCRIPTION_LENGTH", (long) Bundle.MAX_DESCRIPTION_LENGTH),
            Map.entry("Bundle.MAX_COMPONENTS", (long) Bundle.MAX_COMPONENTS),
            Map.entry("DeviceUpdate.MAX_MESSAGE_LENGTH", (long) DeviceUpdate.MAX_MESSAGE_LENGTH));

    private static final Pattern ROW = Pattern.compile("^\\|[^|]+\\|([^|]+)\\|[^|]+\\|([^|]+)\\|$");
    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

    @Test
    void theDocumentQuotesTheFiguresOfTheCode() throws IOException {
        Path doc = Path.of("..", "docs", "limits.md");
        Map<String, Long> documented = new HashMap<>();
        for (String line : Files.readAllLines(doc)) {
            Matcher row = ROW.matcher(line.trim());
            if (!row.matches() || line.startsWith("|---") || line.startsWith("| limit")) {
                continue;
            }
            List<Long> figures = new ArrayList<>();
            Matcher figure = QUOTED.matcher(row.group(1));
            while (figure.find()) {
                if (figure.group(1).matches("\\d+")) {
                    figures.add(Long.parseLong(figure.group(1)));
                }
            }
            List<String> constants = new ArrayList<>();
            Matcher constant = QUOTED.matcher(row.group(2));
            while (constant.find()) {
                constants.add(constant.group(1));
            }
            assertEquals(constants.size(), figures.size(), "one figure per constant: " + line);
            for (int i = 0; i < constants.size(); i++) {
                documented.put(constants.get(i), figures.get(i));
            }
        }
        assertEquals(CONSTANTS, documented);
    }

    @Test
    void headersUpToTheLimitAreServedAndLargerOnesRefused() {
        assertEquals(200, http.send(http.request("image").header("X-Padding", "x".repeat(
                FirmamentServer.MAX_HEADER_BYTES - 1024)).GET().build()).status());
        int refused = http.send(http.request("image").header("X-Padding", "x".repeat(
                FirmamentServer.MAX_HEADER_BYTES + 1)).GET().build()).status();
        assertTrue(refused == 431 || refused == 400, "status " + refused);
    }

    @Test
    void aJsonBodyOfTheLimitIsReadAndALargerOneRefused() {
        String json = "{\"name\": \"limits\"}";
        String atLimit = json + " ".repeat(JsonBody.MAX_BYTES - json.length());
        assertEquals(201, http.postJson(MANAGEMENT, atLimit).status());
        Http.Response refused = http.postJson(MANAGEMENT, atLimit + " ");
        assertEquals(413, refused.status());
        assertEquals(413, refused.json().get("status").asInt());
    }

    @Test
    void pagesUpToTheLimitAreServedAndLargerOnesRefused() {
        assertEquals(200, http.get(MANAGEMENT + "?limit=" + PageRequest.MAX_LIMIT).status());
        assertEquals(400, http.get(MANAGEMENT + "?limit=" + (PageRequest.MAX_LIMIT + 1)).status());
        assertEquals(PageRequest.DEFAULT_LIMIT, http.get(MANAGEMENT).json().get("limit").asInt());
        assertEquals(200, http.get("v1/ota/device?limit=" + DeviceOtaPageQuery.MAX_LIMIT).status());
        assertEquals(400, http.get("v1/ota/device?limit=" + (DeviceOtaPageQuery.MAX_LIMIT + 1)).status());
        assertEquals(200, http.get("v1/ota/device?search_value=" + "s".repeat(DeviceOtaPageQuery.MAX_SEARCH_LENGTH))
                .status());
        assertEquals(400, http.get("v1/ota/device?search_value=" + "s".repeat(DeviceOtaPageQuery.MAX_SEARCH_LENGTH + 1))
                .status());
    }

    @Test
    void namesUpToTheirLengthAreKeptAndLongerOnesRefused() {
        assertEquals(201, http.postJson(MANAGEMENT, "{\"name\": \"" + "p".repeat(Project.MAX_NAME_LENGTH) + "\"}").status());
        assertEquals(400, http.postJson(MANAGEMENT, "{\"name\": \"" + "p".repeat(Project.MAX_NAME_LENGTH + 1) + "\"}")
                .status());
        assertEquals(201, http.postJson(MANAGEMENT + "1/firmware-types", "{\"name\": \""
                + "t".repeat(FirmwareTypeName.MAX_LENGTH) + "\", \"versionScheme\": \"opaque\"}").status());
        assertEquals(400, http.postJson(MANAGEMENT + "1/firmware-types", "{\"name\": \""
                + "t".repeat(FirmwareTypeName.MAX_LENGTH + 1) + "\", \"versionScheme\": \"opaque\"}").status());
        assertEquals(201, http.postJson(MANAGEMENT + "1/keys", "{\"name\": \"" + "k".repeat(ApiKey.MAX_NAME_LENGTH)
                + "\", \"role\": \"read\"}").status());
        assertEquals(400, http.postJson(MANAGEMENT + "1/keys", "{\"name\": \"" + "k".repeat(ApiKey.MAX_NAME_LENGTH + 1)
                + "\", \"role\": \"read\"}").status());
        assertEquals(201, http.postJson(MANAGEMENT + "1/devices", "{\"id\": \"" + "d".repeat(Names.MAX_IDENTIFIER_LENGTH)
                + "\", \"deviceClass\": \"lamp\"}").status());
        assertEquals(400, http.postJson(MANAGEMENT + "1/devices", "{\"id\": \""
                + "d".repeat(Names.MAX_IDENTIFIER_LENGTH + 1) + "\", \"deviceClass\": \"lamp\"}").status());
    }

    @Test
    void aBundleOfTheMostComponentsIsKeptAndOneMoreRefused() {
        List<String> components = new ArrayList<>();
        for (int i = 0; i <= Bundle.MAX_COMPONENTS; i++) {
            Http.Response created = http.postJson("image", "{\"label\": \"part" + i + "\", \"fw_version\": \"1.0.0\"}");
            assertEquals(201, created.status());
            components.add("{\"versionId\": \"" + created.json().get("id").asText() + "\"}");
        }
        String most = String.join(",", components.subList(0, Bundle.MAX_COMPONENTS));
        Http.Response kept = http.postJson("bundles", "{\"name\": \"most\", \"deviceClass\": \"lamp\", \"projectId\": 1,"
                + " \"components\": [" + most + "]}");
        assertEquals(201, kept.status(), new String(kept.bytes(), StandardCharsets.UTF_8));
        Http.Response refused = http.postJson("bundles", "{\"name\": \"too-many\", \"deviceClass\": \"lamp\","
                + " \"projectId\": 1, \"components\": [" + String.join(",", components) + "]}");
        assertEquals(400, refused.status(), new String(refused.bytes(), StandardCharsets.UTF_8));
    }
}
