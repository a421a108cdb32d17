package org.firmament.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.firmament.domain.ConcurrentModificationException;
import org.firmament.domain.access.ApiKey;
import org.firmament.domain.access.ApiKeyId;
import org.firmament.domain.access.Role;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.Test;

/** Contract of {@link org.firmament.application.port.out.ApiKeyRepository}, run against each database. */
abstract class ApiKeyRepositoryContract extends PersistenceContractSupport {

    private static ApiKey key(String id, ProjectId project, Role role, String secret, int secondsAfterT0) {
        return new ApiKey(ApiKeyId.of(id), project, "key " + id + " – ünïcode", role, SecretHash.of(secret),
                at(secondsAfterT0));
    }

    @Test
    void aStoredKeyReadsBackByIdAndBySecretHash() {
        ApiKey key = key("k1", PROJECT, Role.WRITE, "secret-1", 0);
        inTransaction(() -> persistence.apiKeys().add(key));

        assertEquals(Optional.of(key), inTransaction(() -> persistence.apiKeys().find(PROJECT, key.id())));
        assertEquals(Map.of(key.secretHash(), key), inTransaction(() -> persistence.apiKeys().findEachBySecretHash(
                List.of(SecretHash.of("secret-1")))));
        assertEquals(Map.of(), inTransaction(() -> persistence.apiKeys().findEachBySecretHash(
                List.of(SecretHash.of("secret-2")))));
    }

    @Test
    void keysAreFoundBySecretHashesInOneRead_acrossProjects() {
        ApiKey first = key("k1", PROJECT, Role.WRITE, "secret-1", 0);
        ApiKey second = key("k2", OTHER_PROJECT, Role.READ, "secret-2", 1);
        inTransaction(() -> {
            persistence.apiKeys().add(first);
            persistence.apiKeys().add(second);
            persistence.apiKeys().add(key("k3", PROJECT, Role.READ, "secret-3", 2));
        });

        assertEquals(Map.of(first.secretHash(), first, second.secretHash(), second),
                inTransaction(() -> persistence.apiKeys().findEachBySecretHash(List.of(second.secretHash(),
                        SecretHash.of("unknown"), first.secretHash(), second.secretHash()))));
        assertEquals(Map.of(), inTransaction(() -> persistence.apiKeys().findEachBySecretHash(List.of())));
    }

    @Test
    void aKeyIsNotFoundThroughAnotherProject() {
        ApiKey key = key("k1", PROJECT, Role.READ, "secret-1", 0);
        inTransaction(() -> persistence.apiKeys().add(key));

        assertEquals(Optional.empty(), inTransaction(() -> persistence.apiKeys().find(OTHER_PROJECT, key.id())));
        assertFalse(inTransaction(() -> persistence.apiKeys().remove(OTHER_PROJECT, key.id())));
        assertEquals(1, count("api_key"));
    }

    @Test
    void aProjectsKeysListOldestFirstAndOnlyItsOwn() {
        ApiKey second = key("b", PROJECT, Role.READ, "s2", 2);
        ApiKey first = key("a", PROJECT, Role.WRITE, "s1", 1);
        ApiKey other = key("c", OTHER_PROJECT, Role.READ, "s3", 0);
        inTransaction(() -> {
            persistence.apiKeys().add(second);
            persistence.apiKeys().add(first);
            persistence.apiKeys().add(other);
        });

        assertEquals(List.of(first, second), inTransaction(() -> persistence.apiKeys().list(PROJECT)));
        assertEquals(List.of(other), inTransaction(() -> persistence.apiKeys().list(OTHER_PROJECT)));
    }

    @Test
    void removingAKeyDeletesIt() {
        ApiKey key = key("k1", PROJECT, Role.READ, "secret-1", 0);
        inTransaction(() -> persistence.apiKeys().add(key));

        assertTrue(inTransaction(() -> persistence.apiKeys().remove(PROJECT, key.id())));
        assertEquals(Map.of(), inTransaction(() -> persistence.apiKeys().findEachBySecretHash(
                List.of(key.secretHash()))));
        assertFalse(inTransaction(() -> persistence.apiKeys().remove(PROJECT, key.id())));
    }

    @Test
    void twoKeysWithTheSameSecretCannotBothExist() {
        inTransaction(() -> persistence.apiKeys().add(key("k1", PROJECT, Role.READ, "same", 0)));

        assertThrows(ConcurrentModificationException.class,
                () -> inTransaction(() -> persistence.apiKeys().add(key("k2", PROJECT, Role.READ, "same", 1))));
        assertEquals(1, count("api_key"));
    }

    @Test
    void deletingAProjectDeletesItsKeys() {
        inTransaction(() -> persistence.apiKeys().add(key("k1", OTHER_PROJECT, Role.READ, "secret-1", 0)));

        sql("DELETE FROM project WHERE id = " + OTHER_PROJECT.value());

        assertEquals(0, count("api_key"));
    }
}
