package org.firmament.adapters.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Configuration of the S3 store: rejected at startup when it cannot work, and never printing the secret. */
class S3StoreConfigTest {

    @Test
    void givenAllValues_whenCreated_thenTheyAreKeptTrimmed() {
        S3StoreConfig config = new S3StoreConfig(" http://minio:9000 ", "key", "secret\n", "firmware", " eu-west-1 ");

        assertEquals("http://minio:9000", config.endpoint());
        assertEquals("secret", config.secretKey());
        assertEquals("eu-west-1", config.region());
    }

    @Test
    void givenABlankRegion_whenCreated_thenTheRegionIsLeftToTheService() {
        assertNull(new S3StoreConfig("https://s3.example.com", "key", "secret", "firmware", " ").region());
    }

    @Test
    void givenAMissingValue_whenCreated_thenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig(null, "k", "s", "firmware", null));
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("http://m", " ", "s", "firmware", null));
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("http://m", "k", "", "firmware", null));
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("http://m", "k", "s", null, null));
    }

    @Test
    void givenAnEndpointThatIsNotAnHttpUrl_whenCreated_thenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("minio:9000", "k", "s", "firmware", null));
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("ftp://minio", "k", "s", "firmware", null));
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("http://bad host", "k", "s", "firmware", null));
    }

    @Test
    void givenAnInvalidBucketName_whenCreated_thenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("http://m", "k", "s", "Firmware", null));
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("http://m", "k", "s", "fw", null));
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("http://m", "k", "s", "a..b", null));
    }

    @Test
    void givenASecret_whenPrinted_thenItIsMasked() {
        String printed = new S3StoreConfig("http://m", "key", "top-secret", "firmware", null).toString();

        assertFalse(printed.contains("top-secret"));
    }

    @Test
    void timeoutsDefaultToSecondsAndRefuseLessThanOne() {
        S3StoreConfig config = new S3StoreConfig("http://m", "k", "s", "firmware", null);
        assertEquals(S3StoreConfig.DEFAULT_CONNECT_TIMEOUT, config.connectTimeout());
        assertEquals(S3StoreConfig.DEFAULT_READ_TIMEOUT, config.readTimeout());
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("http://m", "k", "s", "firmware", null, null,
                java.time.Duration.ofMillis(999), S3StoreConfig.DEFAULT_READ_TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> new S3StoreConfig("http://m", "k", "s", "firmware", null, null,
                S3StoreConfig.DEFAULT_CONNECT_TIMEOUT, java.time.Duration.ZERO));
    }
}
