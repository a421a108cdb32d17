package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Unit test of {@link PersistenceConfig}: it refuses what could not work and never prints the password. */
class PersistenceConfigTest {

    @Test
    void theShortConstructorUsesTheDefaultConnectionTimeout() {
        PersistenceConfig config = new PersistenceConfig("jdbc:h2:mem:x", "sa", "", 5);

        assertEquals(PersistenceConfig.DEFAULT_CONNECTION_TIMEOUT, config.connectionTimeout());
    }

    @Test
    void aUrlThatIsNotJdbc_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PersistenceConfig("postgres://db/x", "u", "p", 5));
        assertThrows(NullPointerException.class, () -> new PersistenceConfig(null, "u", "p", 5));
    }

    @Test
    void aPoolTooSmallToMigrateOrAConnectionTimeoutBelow250Millis_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PersistenceConfig("jdbc:h2:mem:x", "sa", "", 1));
        assertThrows(IllegalArgumentException.class,
                () -> new PersistenceConfig("jdbc:h2:mem:x", "sa", "", 2, Duration.ofMillis(249)));
    }

    @Test
    void missingCredentialsAreRefused_emptyOnesAccepted() {
        assertThrows(NullPointerException.class, () -> new PersistenceConfig("jdbc:h2:mem:x", null, "", 2));
        assertThrows(NullPointerException.class, () -> new PersistenceConfig("jdbc:h2:mem:x", "", null, 2));
        new PersistenceConfig("jdbc:h2:mem:x", "", "", 2);
    }

    @Test
    void thePasswordNeverAppearsInToString() {
        PersistenceConfig config = new PersistenceConfig("jdbc:postgresql://db/x", "firmament", "s3cret-pw", 5);

        assertFalse(config.toString().contains("s3cret-pw"));
    }

    @org.junit.jupiter.api.Test
    void messagesNameTheDatabaseWithoutItsUrlParametersWhichMayHoldAPassword() {
        org.junit.jupiter.api.Assertions.assertEquals("jdbc:postgresql://db:5432/firmament",
                Persistence.withoutParameters("jdbc:postgresql://db:5432/firmament?user=u&password=secret"));
        org.junit.jupiter.api.Assertions.assertEquals("jdbc:h2:file:/data/db",
                Persistence.withoutParameters("jdbc:h2:file:/data/db;PASSWORD=secret"));
        org.junit.jupiter.api.Assertions.assertEquals("jdbc:h2:mem:x", Persistence.withoutParameters("jdbc:h2:mem:x"));
    }

    @Test
    void theSocketTimeoutDefaultsAndRefusesLessThanOneSecond() {
        PersistenceConfig config = new PersistenceConfig("jdbc:h2:mem:x", "sa", "", 2);
        assertEquals(PersistenceConfig.DEFAULT_SOCKET_TIMEOUT, config.socketTimeout());
        assertEquals(Duration.ofSeconds(7), config.withSocketTimeout(Duration.ofSeconds(7)).socketTimeout());
        assertThrows(IllegalArgumentException.class, () -> config.withSocketTimeout(Duration.ofMillis(999)));
        assertThrows(NullPointerException.class, () -> config.withSocketTimeout(null));
    }
}
