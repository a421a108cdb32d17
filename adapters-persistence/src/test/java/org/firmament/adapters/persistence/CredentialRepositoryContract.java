package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.access.SecretHash;
import org.junit.jupiter.api.Test;

/** Contract of {@link org.firmament.application.port.out.CredentialRepository}, run against each database. */
abstract class CredentialRepositoryContract extends PersistenceContractSupport {

    private static final SecretHash FIRST = SecretHash.of("first generated token");
    private static final SecretHash SECOND = SecretHash.of("second generated token");

    @Test
    void beforeAnyTokenIsGenerated_thereIsNone() {
        assertTrue(inTransaction(() -> persistence.credentials().findGeneratedAdminToken()).isEmpty());
    }

    @Test
    void aStoredTokenHashReadsBack() {
        inTransaction(() -> persistence.credentials().storeGeneratedAdminToken(FIRST));

        SecretHash found = inTransaction(() -> persistence.credentials().findGeneratedAdminToken()).orElseThrow();

        assertEquals(FIRST, found);
        assertTrue(found.matches("first generated token"));
    }

    @Test
    void storingASecondToken_throwsConcurrentModification_andKeepsTheFirst() {
        inTransaction(() -> persistence.credentials().storeGeneratedAdminToken(FIRST));

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.credentials().storeGeneratedAdminToken(SECOND)));

        assertEquals(FIRST, inTransaction(() -> persistence.credentials().findGeneratedAdminToken()).orElseThrow());
    }

    @Test
    void storingASecondTokenAfterReadingTheFirstInOneTransaction_throwsConcurrentModification() {
        inTransaction(() -> persistence.credentials().storeGeneratedAdminToken(FIRST));

        assertThrows(ConcurrentModificationException.class, () -> inTransaction(() -> {
            persistence.credentials().findGeneratedAdminToken().orElseThrow();
            persistence.credentials().storeGeneratedAdminToken(SECOND);
        }));
    }

    @Test
    void twoInstancesGeneratingATokenAtOnce_oneStoresItTheOtherGetsConcurrentModification() throws Exception {
        assertOneWinsOneFailsWith(ConcurrentModificationException.class, race(
                bothReady -> {
                    assertTrue(persistence.credentials().findGeneratedAdminToken().isEmpty());
                    bothReady.run();
                    persistence.credentials().storeGeneratedAdminToken(FIRST);
                },
                bothReady -> {
                    assertTrue(persistence.credentials().findGeneratedAdminToken().isEmpty());
                    bothReady.run();
                    persistence.credentials().storeGeneratedAdminToken(SECOND);
                }));

        assertEquals(1, count("admin_credential"));
    }

    @Test
    void usingCredentialsOutsideATransaction_throwsIllegalState() {
        assertThrows(IllegalStateException.class, () -> persistence.credentials().findGeneratedAdminToken());
        assertThrows(IllegalStateException.class, () -> persistence.credentials().storeGeneratedAdminToken(FIRST));
    }

    @Test
    void aGeneratedDownloadSigningKeyReadsBack_andASecondOneCollides() {
        String first = "first-download-signing-key-0123456789abcdef";
        assertTrue(inTransaction(() -> persistence.credentials().findGeneratedDownloadSigningKey()).isEmpty());
        inTransaction(() -> persistence.credentials().storeGeneratedDownloadSigningKey(first));

        assertThrows(ConcurrentModificationException.class, () -> inTransaction(() ->
                persistence.credentials().storeGeneratedDownloadSigningKey("second-download-signing-key-0123456789")));

        assertEquals(first, inTransaction(() -> persistence.credentials().findGeneratedDownloadSigningKey()).orElseThrow());
        assertEquals(1, count("download_signing_key"));
    }

    @Test
    void twoInstancesGeneratingASigningKeyAtOnce_oneStoresItTheOtherGetsConcurrentModification() throws Exception {
        assertOneWinsOneFailsWith(ConcurrentModificationException.class, race(
                bothReady -> {
                    assertTrue(persistence.credentials().findGeneratedDownloadSigningKey().isEmpty());
                    bothReady.run();
                    persistence.credentials().storeGeneratedDownloadSigningKey("key-of-instance-one-0123456789abcdef");
                },
                bothReady -> {
                    assertTrue(persistence.credentials().findGeneratedDownloadSigningKey().isEmpty());
                    bothReady.run();
                    persistence.credentials().storeGeneratedDownloadSigningKey("key-of-instance-two-0123456789abcdef");
                }));

        assertEquals(1, count("download_signing_key"));
    }
}
