package org.firmament.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.firmament.domain.access.SecretHash;
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
            apiKeys, devices, users, cache, lastSeen, 1);
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
                failing, lastSeen, 1);
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
    void credentialsLookedUpTogether_shareOneTransaction_andOneReadOfEachKind_eachAnsweredItsOwn() {
        RegisterDeviceUseCase.RegisteredDevice first = register("dev-1");
        RegisterDeviceUseCase.RegisteredDevice second = register("dev-2");
        ManageApiKeysUseCase.CreatedApiKey key = keys.create(ProjectId.of(2), "ci", Role.READ, Actor.ADMIN);
        SecretHash unknown = SecretHash.of("z".repeat(IdGenerator.SECRET_LENGTH));
        List<SecretHash> hashes = List.of(SecretHash.of(first.apiKey()), SecretHash.of(key.secret()), unknown,
                SecretHash.of(second.apiKey()));
        int transactionsBefore = transactions.count.get();
        int keyLookupsBefore = apiKeys.lookups;

        List<Optional<Principal>> found = authentication.storedPrincipals(hashes).stream()
                .map(GroupCommit.Result::get).toList();

        assertEquals(transactionsBefore + 1, transactions.count.get(), "one transaction for the four");
        assertEquals(List.of(hashes), devices.keyLookups, "one read of devices, naming all four");
        assertEquals(keyLookupsBefore + 2, apiKeys.lookups, "project keys read for the two no device has");
        assertEquals(DeviceId.of("dev-1"), ((Principal.DeviceKey) found.get(0).orElseThrow()).device().id());
        assertEquals(new Principal.ProjectKey(key.key().id().value(), ProjectId.of(2), Role.READ),
                found.get(1).orElseThrow());
        assertEquals(Optional.empty(), found.get(2));
        assertEquals(DeviceId.of("dev-2"), ((Principal.DeviceKey) found.get(3).orElseThrow()).device().id());
    }

    @Test
    void credentialsNotRememberedThatArriveWhileALookupRuns_areLookedUpTogetherInTheNext() throws Exception {
        List<RegisterDeviceUseCase.RegisteredDevice> fleet = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fleet.add(register("dev-" + i));
        }
        // The credential epoch is read at the first lookup: read now, so that only lookups run below.
        authentication.authenticate("z".repeat(IdGenerator.SECRET_LENGTH));
        devices.keyLookups.clear();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        devices.beforeKeyLookup = () -> {
            if (firstRunning.getCount() > 0) {
                firstRunning.countDown();
                awaitQuietly(release);
            }
        };
        ExecutorService callers = Executors.newFixedThreadPool(fleet.size());
        try {
            List<Future<Optional<Principal>>> answers = new ArrayList<>();
            answers.add(callers.submit(() -> authentication.authenticate(fleet.get(0).apiKey())));
            assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
            for (RegisterDeviceUseCase.RegisteredDevice device : fleet.subList(1, fleet.size())) {
                answers.add(callers.submit(() -> authentication.authenticate(device.apiKey())));
            }
            waitForWaitingLookups(3);
            release.countDown();

            for (int i = 0; i < fleet.size(); i++) {
                Principal.DeviceKey answer = (Principal.DeviceKey) answers.get(i).get(10, TimeUnit.SECONDS).orElseThrow();
                assertEquals(DeviceId.of("dev-" + i), answer.device().id());
            }
            assertEquals(2, devices.keyLookups.size(), "the first alone, then the three that came meanwhile");
            assertEquals(Set.of(SecretHash.of(fleet.get(1).apiKey()), SecretHash.of(fleet.get(2).apiKey()),
                    SecretHash.of(fleet.get(3).apiKey())), Set.copyOf(devices.keyLookups.get(1)));
        } finally {
            release.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void aLookupThatFails_failsEveryCredentialOfItsBatch_andRemembersNone() {
        RegisterDeviceUseCase.RegisteredDevice device = register("dev-1");
        IllegalStateException unreachable = new IllegalStateException("database unreachable");
        devices.beforeKeyLookup = () -> {
            throw unreachable;
        };

        assertSame(unreachable, assertThrows(IllegalStateException.class,
                () -> authentication.storedPrincipals(List.of(SecretHash.of(device.apiKey()),
                        SecretHash.of("z".repeat(IdGenerator.SECRET_LENGTH))))));
        assertSame(unreachable, assertThrows(IllegalStateException.class,
                () -> authentication.authenticate(device.apiKey())));

        devices.beforeKeyLookup = () -> { };
        assertTrue(authentication.authenticate(device.apiKey()).isPresent(), "looked up again, not remembered");
    }

    private void waitForWaitingLookups(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (authentication.lookupsWaiting() != count) {
            assertTrue(System.nanoTime() < deadline, "waiting lookups: " + authentication.lookupsWaiting());
            Thread.sleep(1);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFloodOfUnknownKeysDoesNotGrowTheCacheBeyondItsCapacity() {
        CredentialCache small = new CredentialCache(() -> now, Duration.ofSeconds(5), 10, transactions, epoch);
        AuthenticationService service = new AuthenticationService(transactions, adminToken, apiKeys, devices, users,
                small, lastSeen, 1);
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
