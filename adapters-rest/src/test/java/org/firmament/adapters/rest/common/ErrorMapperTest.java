package org.firmament.adapters.rest.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    @Test
    void aDeviceTokenInSeed003sDownloadPathNeverReachesTheLog() {
        String token = "x".repeat(43);
        assertEquals("v1/ota/device/download/(redacted)", ErrorMapper.loggable("v1/ota/device/download/dev-1" + token));
    }

    @Test
    void otherPathsAreLoggedAsTheyAre() {
        assertEquals("image/123/binary", ErrorMapper.loggable("image/123/binary"));
    }
}
