package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.domain.access.SecretHash;
import org.junit.jupiter.api.Test;

class AdminTokenServiceTest {

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Credentials credentials = new Fakes.Credentials();

    private AdminTokenService service(Optional<String> configured) {
        return new AdminTokenService(transactions, credentials, IdGenerator.secureRandom(), configured);
    }

    @Test
    void aConfiguredTokenIsUsedAndNothingIsGenerated() {
        AdminTokenService service = service(Optional.of("configured-token-123"));
        assertEquals(Optional.empty(), service.initialise());
        assertTrue(service.isAdminToken("configured-token-123"));
        assertFalse(service.isAdminToken("configured-token-124"));
        assertTrue(service.isAdminToken(org.firmament.domain.access.SecretHash.of("configured-token-123")));
        assertFalse(service.isAdminToken(org.firmament.domain.access.SecretHash.of("configured-token-124")));
        assertNull(credentials.stored);
    }

    @Test
    void withoutConfigurationATokenIsGeneratedOnceShownOnceAndKeptOnlyAsAHash() {
        AdminTokenService first = service(Optional.empty());
        String token = first.initialise().orElseThrow();
        assertTrue(token.length() >= 43, "256 bits of randomness");
        assertEquals(SecretHash.of(token), credentials.stored);
        assertTrue(first.isAdminToken(token));

        AdminTokenService restarted = service(Optional.empty());
        assertEquals(Optional.empty(), restarted.initialise(), "a restart does not show or change the token");
        assertTrue(restarted.isAdminToken(token));
    }

    @Test
    void whenAnotherInstanceGeneratesTheTokenFirstItsTokenIsTheOneAccepted() {
        credentials.storedByAnotherInstanceOnWrite = SecretHash.of("token-of-the-other-instance");
        AdminTokenService service = service(Optional.empty());
        assertEquals(Optional.empty(), service.initialise());
        assertTrue(service.isAdminToken("token-of-the-other-instance"));
    }

    @Test
    void checkingBeforeInitialisationIsAProgrammingError() {
        assertThrows(IllegalStateException.class, () -> service(Optional.empty()).isAdminToken("x"));
    }
}
