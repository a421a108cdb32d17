package org.firmament.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.firmament.application.port.in.AdminTokenUseCase;
import org.firmament.application.port.in.AuthenticateUseCase;
import org.firmament.application.port.out.ApiKeyRepository;
import org.firmament.application.port.out.DeviceRepository;
import org.firmament.application.port.out.IdGenerator;
import org.firmament.application.port.out.TransactionBoundary;
import org.firmament.application.port.out.UserTokenVerifier;
import org.firmament.domain.access.ApiKey;
import org.firmament.domain.access.Principal;
import org.firmament.domain.access.SecretHash;
import org.firmament.domain.device.Device;

/**
 * Use case: recognise a credential. The admin token is compared in constant time; a user's token
 * (three dot-separated parts) goes to the identity provider's verifier; anything else of the
 * length Firmament's keys have is looked up by its hash, device keys first, then project keys,
 * through the {@link CredentialCache}. A recognised device key notes the device as seen in the
 * {@link LastSeenRecorder}.
 */
public final class AuthenticationService implements AuthenticateUseCase {

    /** Longest credential looked at; longer ones are refused before any hashing or parsing. */
    static final int MAX_CREDENTIAL_LENGTH = 8192;

    /** Credentials looked up together at most: the reads of one lookup transaction name this many hashes. */
    static final int LOOKED_UP_TOGETHER = 64;

    private final TransactionBoundary transactions;
    private final AdminTokenUseCase adminToken;
    private final ApiKeyRepository apiKeys;
    private final DeviceRepository devices;
    private final UserTokenVerifier users;
    private final CredentialCache cache;
    private final LastSeenRecorder lastSeen;
    private final GroupCommit<SecretHash, Optional<Principal>> lookups;

    /**
     * At most {@code lookupTransactions} transactions look credentials up at once; the credentials
     * not remembered that arrive meanwhile are looked up together in the next ({@link GroupCommit}),
     * so that a fleet's first polls after a start cost a read per batch rather than per device.
     */
    public AuthenticationService(TransactionBoundary transactions, AdminTokenUseCase adminToken,
                                 ApiKeyRepository apiKeys, DeviceRepository devices, UserTokenVerifier users,
                                 CredentialCache cache, LastSeenRecorder lastSeen, int lookupTransactions) {
        this.transactions = Objects.requireNonNull(transactions);
        this.adminToken = Objects.requireNonNull(adminToken);
        this.apiKeys = Objects.requireNonNull(apiKeys);
        this.devices = Objects.requireNonNull(devices);
        this.users = Objects.requireNonNull(users);
        this.cache = Objects.requireNonNull(cache);
        this.lastSeen = Objects.requireNonNull(lastSeen);
        this.lookups = new GroupCommit<>(LOOKED_UP_TOGETHER, lookupTransactions, hash -> hash,
                this::storedPrincipals);
    }

    @Override
    public Optional<Principal> authenticate(String credential) {
        if (credential == null || credential.isEmpty() || credential.length() > MAX_CREDENTIAL_LENGTH) {
            return Optional.empty();
        }
        // Hashed once: the admin token and stored keys are both compared by their hash.
        SecretHash hash = SecretHash.of(credential);
        if (adminToken.isAdminToken(hash)) {
            return Optional.of(new Principal.Admin());
        }
        if (looksLikeUserToken(credential)) {
            return users.verify(credential).map(Principal.User::new);
        }
        if (credential.length() != IdGenerator.SECRET_LENGTH) {
            return Optional.empty();
        }
        CredentialCache.Remembered remembered = cache.rememberedOf(hash, () -> lookups.submit(hash));
        Optional<Principal> principal = remembered.principal();
        if (principal.isPresent() && principal.get() instanceof Principal.DeviceKey device) {
            // Every request a device makes counts as seeing it; written in batches, never per request.
            remembered.seen(lastSeen, device);
        }
        return principal;
    }

    /**
     * The stored principals of {@code hashes}, in their order, in one transaction: device keys first,
     * as devices far outnumber operators' keys, then project keys for the hashes no device has.
     */
    List<GroupCommit.Result<Optional<Principal>>> storedPrincipals(List<SecretHash> hashes) {
        return transactions.inTransaction(() -> {
            Map<SecretHash, Device> devicesFound = devices.findEachByApiKeyHash(hashes);
            List<SecretHash> notDevices = hashes.stream().filter(hash -> !devicesFound.containsKey(hash)).toList();
            Map<SecretHash, ApiKey> keysFound = apiKeys.findEachBySecretHash(notDevices);
            List<GroupCommit.Result<Optional<Principal>>> principals = new ArrayList<>(hashes.size());
            for (SecretHash hash : hashes) {
                Device device = devicesFound.get(hash);
                ApiKey key = keysFound.get(hash);
                principals.add(GroupCommit.Result.of(device != null ? Optional.of(new Principal.DeviceKey(device))
                        : Optional.ofNullable(key).map(ApiKey::principal)));
            }
            return principals;
        });
    }

    /** How many credentials wait for a lookup (not those in one under way); for tests. */
    int lookupsWaiting() {
        return lookups.waiting();
    }

    /** A JWS in compact form: three Base64url parts; Firmament's own keys never contain a dot. */
    private static boolean looksLikeUserToken(String credential) {
        int first = credential.indexOf('.');
        return first > 0 && credential.indexOf('.', first + 1) > first;
    }
}
