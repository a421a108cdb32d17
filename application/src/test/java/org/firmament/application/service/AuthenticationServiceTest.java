package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.firmament.application.port.in.ManageApiKeysUseCase;
import org.firmament.application.port.in.RegisterDeviceCommand;
import org.firmament.application.port.in.RegisterDeviceUseCase;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.UserTokenVerifier;
import org.firmament.domain.NotFoundException;
import org.firmament.domain.RuleViolationException;
import org.firmament.domain.access.Actor;
import org.firmament.domain.access.ApiKeyId;
import org.firmament.domain.access.Principal;
import org.firmament.domain.access.Role;
import org.firmament.domain.access.UserGrant;
import org.firmament.domain.audit.AuditEntry;
import org.firmament.domain.bundle.DeviceClass;
import org.firmament.domain.device.DeviceId;
import org.firmament.domain.project.Project;
import org.firmament.domain.project.ProjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticationServiceTest {

    private static final String ADMIN_TOKEN = "the-admin-token-of-this-test";
    private static final String USER_TOKEN = "header.payload.signature";
    private static final UserGrant GRANT = new UserGrant("alice", Set.of(ProjectId.of(2)), Role.READ);

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Fakes.Transactions transactions = new Fakes.Transactions();
    private final Fakes.Projects projects = new Fakes.Projects();
    private final Fakes.ApiKeys apiKeys = new Fakes.ApiKeys();
    private final Fakes.Devices devices = new Fakes.Devices();
    private final Fakes.Audit audit = new Fakes.Audit(transactions);
    private final Fakes.Epoch epoch = new Fakes.Epoch();
    private final CredentialCache cache = new CredentialCache(() -> now, Duration.ofSeconds(5), 1000, transactions,
            epoch);
    private final UserTokenVerifier users = token -> token.equals(USER_TOKEN) ? Optional.of(GRANT) : Optional.empty();
    private final AdminTokenService adminToken = new AdminTokenService(transactions, new Fakes.Credentials(),
            IdGenerator.secureRandom(), Optional.of(ADMIN_TOKEN));
    private final LastSeenRecorder lastSeen = new LastSeenRecorder(transactions, devices, () -> now);
    private final AuthenticationService authentication = new AuthenticationService(transactions, adminToken,
            apiKeys, devices, users, cache, lastSeen);
    private final ApiKeyService keys = new ApiKeyService(transactions, projects, apiKeys, audit, cache,
            IdGenerator.secureRandom(), () -> now);
    private final DeviceService deviceService = new DeviceService(transactions, projects, devices, new Fakes.Bundles(), new Fakes.Types(),
            new Fakes.Images(), audit, cache,
            IdGenerator.secureRandom(), () -> now);

    @BeforeEach
    void projectsExist() {
        adminToken.initialise();
        projects.byId.put(ProjectId.DEFAULT, Project.create(ProjectId.DEFAULT, "one", now));
        projects.byId.put(ProjectId.of(2), Project.create(ProjectId.of(2), "two", now));
    }

    @Test
    void eachKindOfCredentialIsRecognised() {
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.of(2), "ci", Role.WRITE, Actor.ADMIN);
        RegisterDeviceUseCase.RegisteredDevice device = register("dev-1");

        assertInstanceOf(Principal.Admin.class, authentication.authenticate(ADMIN_TOKEN).orElseThrow());
        assertEquals(new Principal.ProjectKey(key.key().id().value(), ProjectId.of(2), Role.WRITE),
                authentication.authenticate(key.secret()).orElseThrow());
        Principal.DeviceKey deviceKey = assertInstanceOf(Principal.DeviceKey.class,
                authentication.authenticate(device.apiKey()).orElseThrow());
        assertEquals(DeviceId.of("dev-1"), deviceKey.device().id());
        assertEquals(new Principal.User(GRANT), authentication.authenticate(USER_TOKEN).orElseThrow());
    }

    @Test
    void aDeviceKeyNotesTheDeviceAsSeen_writtenOnlyWithTheNextFlush() {
        RegisterDeviceUseCase.RegisteredDevice device = register("dev-1");
        authentication.authenticate(device.apiKey());
        now = now.plusSeconds(3);
        authentication.authenticate(device.apiKey());
        assertEquals(0, devices.lastSeenBatches, "no database write per check-in");
        assertEquals(1, lastSeen.pendingCount());

        lastSeen.flush();
        assertEquals(1, devices.lastSeenBatches);
        assertEquals(Optional.of(now), devices.byId.get(DeviceId.of("dev-1")).lastSeen());
        assertEquals(0, lastSeen.pendingCount());
        lastSeen.flush();
        assertEquals(1, devices.lastSeenBatches, "nothing pending, nothing written");
    }

    @Test
    void aDeviceSeenAgainThroughItsRememberedKey_afterAFlush_isWrittenAgainWithTheLaterTime() {
        RegisterDeviceUseCase.RegisteredDevice device = register("dev-1");
        authentication.authenticate(device.apiKey());
        lastSeen.flush();
        now = now.plusSeconds(4);
        authentication.authenticate(device.apiKey());
        assertEquals(1, lastSeen.pendingCount());

        lastSeen.flush();
        assertEquals(2, devices.lastSeenBatches);
        assertEquals(Optional.of(now), devices.byId.get(DeviceId.of("dev-1")).lastSeen());
        assertEquals(1, lastSeen.slotCount(), "one slot per device, whichever way it was noted");
    }

    @Test
    void aFailedLastSeenFlushKeepsTheTimesForTheNextOne() {
        RegisterDeviceUseCase.RegisteredDevice device = register("dev-1");
        authentication.authenticate(device.apiKey());
        devices.failLastSeen = true;
        assertThrows(IllegalStateException.class, lastSeen::flush);
        assertEquals(1, lastSeen.pendingCount());
        devices.failLastSeen = false;
        lastSeen.flush();
        assertEquals(Optional.of(now), devices.byId.get(DeviceId.of("dev-1")).lastSeen());
    }

    @Test
    void operatorsCredentialsAreNotNotedAsSeen() {
        authentication.authenticate(ADMIN_TOKEN);
        keys.create(ProjectId.of(2), "ci", Role.WRITE, Actor.ADMIN);
        assertEquals(0, lastSeen.pendingCount());
    }

    @Test
    void anythingElseIsNobodysCredential() {
        for (String wrong : List.of("", "x", "x".repeat(IdGenerator.SECRET_LENGTH), "a.b.c",
                ADMIN_TOKEN + " ", "y".repeat(AuthenticationService.MAX_CREDENTIAL_LENGTH + 1))) {
            assertEquals(Optional.empty(), authentication.authenticate(wrong), wrong);
        }
        assertEquals(Optional.empty(), authentication.authenticate(null));
    }

    @Test
    void keysAreShownOnceAndKeptOnlyAsHashes() {
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.DEFAULT, "ci", Role.READ, Actor.ADMIN);
        assertEquals(IdGenerator.SECRET_LENGTH, key.secret().length());
        assertFalse(key.key().toString().contains(key.secret()));
        assertFalse(audit.recorded.toString().contains(key.secret()));
        assertEquals(List.of(key.key()), keys.list(ProjectId.DEFAULT));
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnceOnThisInstanceEvenWhenCached() {
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.DEFAULT, "ci", Role.WRITE, Actor.ADMIN);
        assertTrue(authentication.authenticate(key.secret()).isPresent());
        keys.revoke(ProjectId.DEFAULT, key.key().id(), Actor.apiKey("other"));
        assertEquals(Optional.empty(), authentication.authenticate(key.secret()));
        assertEquals(List.of(AuditEntry.Action.CREATED, AuditEntry.Action.DELETED),
                audit.recorded.stream().map(AuditEntry::action).toList());
    }

    @Test
    void aRotatedDeviceKeyStopsWorkingAtOnceOnThisInstance() {
        RegisterDeviceUseCase.RegisteredDevice device = register("dev-1");
        assertTrue(authentication.authenticate(device.apiKey()).isPresent());
        String newKey = deviceService.rotateKey(ProjectId.DEFAULT, DeviceId.of("dev-1"), Actor.ADMIN).apiKey();
        assertEquals(Optional.empty(), authentication.authenticate(device.apiKey()));
        assertTrue(authentication.authenticate(newKey).isPresent());
        deviceService.delete(ProjectId.DEFAULT, DeviceId.of("dev-1"), Actor.ADMIN);
        assertEquals(Optional.empty(), authentication.authenticate(newKey));
    }

    @Test
    void aKeyRevokedByAnotherInstanceStopsWorkingWhenTheCacheBoundHasPassed() {
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.DEFAULT, "ci", Role.WRITE, Actor.ADMIN);
        assertTrue(authentication.authenticate(key.secret()).isPresent());
        // Another instance revoked it: the row is gone and the shared epoch moved; this cache was not told.
        apiKeys.byId.clear();
        epoch.advance();

        now = now.plus(Duration.ofSeconds(4));
        assertTrue(authentication.authenticate(key.secret()).isPresent(), "within the bound the cache answers");
        now = now.plus(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), authentication.authenticate(key.secret()), "past the bound it is gone");
    }

    @Test
    void whileTheEpochStandsStillAKeyIsRememberedPastTheBound_andTheEpochIsReadOncePerBound() {
        RegisterDeviceUseCase.RegisteredDevice device = register("dev-1");
        int readsBefore = epoch.reads;
        for (int second = 0; second < 600; second++) {
            assertTrue(authentication.authenticate(device.apiKey()).isPresent());
            now = now.plusSeconds(1);
        }
        assertEquals(600 / 5, epoch.reads - readsBefore, "one epoch read per 5 s bound");
        devices.byId.clear(); // unseen by the epoch: only the maximum age ends the entry
        assertTrue(authentication.authenticate(device.apiKey()).isPresent());
        now = now.plus(CredentialCache.MAX_AGE);
        assertEquals(Optional.empty(), authentication.authenticate(device.apiKey()));
    }

    @Test
    void changesOfKeysAndDevicesAdvanceTheSharedEpoch() {
        RegisterDeviceUseCase.RegisteredDevice device = register("dev-1");
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.DEFAULT, "ci", Role.WRITE, Actor.ADMIN);
        long before = epoch.value;
        deviceService.rotateKey(ProjectId.DEFAULT, DeviceId.of("dev-1"), Actor.ADMIN);
        keys.revoke(ProjectId.DEFAULT, key.key().id(), Actor.ADMIN);
        deviceService.delete(ProjectId.DEFAULT, DeviceId.of("dev-1"), Actor.ADMIN);
        assertEquals(before + 3, epoch.value);
        assertTrue(device.apiKey().length() > 0);
    }

    @Test
    void deletingAProjectForgetsItsApiKeysHere_andAdvancesTheSharedEpoch() {
        ProjectService projectService = new ProjectService(transactions, projects, new Fakes.Images(),
                new Fakes.Bundles(), devices, apiKeys, cache, audit, () -> now);
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.of(2), "ci", Role.WRITE, Actor.ADMIN);
        assertTrue(authentication.authenticate(key.secret()).isPresent(), "remembered");
        long before = epoch.value;

        projectService.delete(ProjectId.of(2), Actor.ADMIN);
        apiKeys.byId.clear(); // the database deletes a project's keys with it (V5's cascade); the fake does not

        assertEquals(Optional.empty(), authentication.authenticate(key.secret()), "looked up again: gone");
        assertEquals(before + 1, epoch.value, "other instances forget it within their bound");
    }

    /**
     * A key created between a deletion's list of the project's keys and its cascade would not be
     * announced and, remembered, would work on for the cache's lifetime: both lock the project
     * first, so a creation either precedes the list or finds no project.
     */
    @Test
    void aProjectsDeletionAndAKeysCreation_lockTheProjectBeforeTheyListItsKeys() {
        ProjectService projectService = new ProjectService(transactions, projects, new Fakes.Images(),
                new Fakes.Bundles(), devices, apiKeys, cache, audit, () -> now);
        List<List<ProjectId>> lockedAtEachList = new ArrayList<>();
        apiKeys.beforeList = () -> lockedAtEachList.add(List.copyOf(projects.locked));

        keys.create(ProjectId.of(2), "ci", Role.WRITE, Actor.ADMIN);
        projectService.delete(ProjectId.of(2), Actor.ADMIN);

        assertEquals(List.of(List.of(ProjectId.of(2)), List.of(ProjectId.of(2), ProjectId.of(2))), lockedAtEachList);
    }

    @Test
    void changesInOneTransaction_advanceTheSharedEpochOnce_whenItEnds() {
        register("dev-1");
        register("dev-2");
        long before = epoch.value;

        transactions.run(() -> {
            deviceService.rotateKey(ProjectId.DEFAULT, DeviceId.of("dev-1"), Actor.ADMIN);
            deviceService.delete(ProjectId.DEFAULT, DeviceId.of("dev-2"), Actor.ADMIN);
            assertEquals(before, epoch.value, "not before the transaction's end");
        });

        assertEquals(before + 1, epoch.value);
    }

    @Test
    void aChangeWhoseTransactionFails_doesNotAdvanceTheSharedEpoch() {
        register("dev-1");
        long before = epoch.value;

        assertThrows(IllegalStateException.class, () -> transactions.run(() -> {
            deviceService.rotateKey(ProjectId.DEFAULT, DeviceId.of("dev-1"), Actor.ADMIN);
            throw new IllegalStateException("the rest of the use case failed");
        }));

        assertEquals(before, epoch.value);
    }

    @Test
    void anUnreadableEpochForgetsEverything() {
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.DEFAULT, "ci", Role.WRITE, Actor.ADMIN);
        CredentialCache failing = new CredentialCache(() -> now, Duration.ofSeconds(5), 10, transactions,
                new org.firmament.application.port.out.ChangeEpoch() {
                    @Override
                    public void advance() {
                    }

                    @Override
                    public long read() {
                        throw new IllegalStateException("database unreachable");
                    }
                });
        AuthenticationService service = new AuthenticationService(transactions, adminToken, apiKeys, devices, users,
                failing, lastSeen);
        assertTrue(service.authenticate(key.secret()).isPresent());
        apiKeys.byId.clear();
        assertEquals(Optional.empty(), service.authenticate(key.secret()), "nothing answered from memory");
    }

    @Test
    void repeatedUseOfAKeyWithinTheBoundReadsTheDatabaseOnce() {
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.DEFAULT, "ci", Role.WRITE, Actor.ADMIN);
        for (int i = 0; i < 10; i++) {
            authentication.authenticate(key.secret());
            authentication.authenticate("z".repeat(IdGenerator.SECRET_LENGTH));
        }
        assertEquals(2, apiKeys.lookups);
    }

    @Test
    void aFloodOfUnknownKeysDoesNotGrowTheCacheBeyondItsCapacity() {
        CredentialCache small = new CredentialCache(() -> now, Duration.ofSeconds(5), 10, transactions, epoch);
        AuthenticationService service = new AuthenticationService(transactions, adminToken, apiKeys, devices, users,
                small, lastSeen);
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.DEFAULT, "ci", Role.WRITE, Actor.ADMIN);
        for (int i = 0; i < 100; i++) {
            service.authenticate(String.format("%043d", i));
        }
        assertTrue(service.authenticate(key.secret()).isPresent());
    }

    @Test
    void keysOfAnUnknownProjectOrAnUnknownKeyAreNotFound() {
        assertThrows(NotFoundException.class, () -> keys.create(ProjectId.of(9), "ci", Role.READ, Actor.ADMIN));
        assertThrows(NotFoundException.class, () -> keys.list(ProjectId.of(9)));
        NotFoundException unknown = assertThrows(NotFoundException.class,
                () -> keys.revoke(ProjectId.DEFAULT, ApiKeyId.of("nope"), Actor.ADMIN));
        assertEquals(NotFoundException.Subject.API_KEY, unknown.subject());
    }

    @Test
    void aKeyCannotBeRevokedThroughAnotherProject() {
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.DEFAULT, "ci", Role.WRITE, Actor.ADMIN);
        assertThrows(NotFoundException.class, () -> keys.revoke(ProjectId.of(2), key.key().id(), Actor.ADMIN));
        assertTrue(authentication.authenticate(key.secret()).isPresent());
    }

    @Test
    void aProjectHoldsABoundedNumberOfKeys() {
        for (int i = 0; i < ManageApiKeysUseCase.MAX_KEYS_PER_PROJECT; i++) {
            keys.create(ProjectId.DEFAULT, "key " + i, Role.READ, Actor.ADMIN);
        }
        assertThrows(RuleViolationException.class, () -> keys.create(ProjectId.DEFAULT, "one too many", Role.READ,
                Actor.ADMIN));
    }

    private RegisterDeviceUseCase.RegisteredDevice register(String id) {
        return deviceService.register(new RegisterDeviceCommand(ProjectId.DEFAULT, Optional.of(DeviceId.of(id)),
                DeviceClass.of("sensor"), Optional.empty()), Actor.ADMIN);
    }
}
