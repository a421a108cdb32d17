package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.firmament.application.port.out.IdGenerator;
import org.junit.jupiter.api.Test;

class DownloadSigningKeyServiceTest {

    private static final String CONFIGURED = "configured-signing-key-0123456789abcdef";

    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Credentials credentials = new Fakes.Credentials();

    private DownloadSigningKeyService service(Optional<String> configured) {
        return new DownloadSigningKeyService(transactions, credentials, IdGenerator.secureRandom(), configured);
    }

    @Test
    void aConfiguredKeyIsUsedAndNothingIsGeneratedOrStored() {
        assertEquals(CONFIGURED, service(Optional.of(CONFIGURED)).signingKey());
        assertNull(credentials.storedSigningKey);
    }

    @Test
    void withoutConfigurationAKeyIsGeneratedOnceAndEveryInstanceUsesIt() {
        String generated = service(Optional.empty()).signingKey();
        assertTrue(generated.length() >= 43, "256 bits of randomness");
        assertEquals(generated, credentials.storedSigningKey);

        assertEquals(generated, service(Optional.empty()).signingKey(), "another instance, or a restart, reads it");
    }

    @Test
    void whenAnotherInstanceGeneratesTheKeyFirstItsKeyIsTheOneUsed() {
        credentials.signingKeyStoredByAnotherInstanceOnWrite = "key-of-the-other-instance-0123456789abcdef";
        assertEquals("key-of-the-other-instance-0123456789abcdef", service(Optional.empty()).signingKey());
    }

    @Test
    void theKeyIsReadOnceAndKept() {
        DownloadSigningKeyService service = service(Optional.empty());
        String first = service.signingKey();
        credentials.storedSigningKey = "changed-behind-its-back-0123456789abcdef";
        assertEquals(first, service.signingKey());
    }
}
