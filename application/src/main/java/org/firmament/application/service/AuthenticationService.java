package org.firmament.application.service;

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

    private final TransactionBoundary transactions;
    private final AdminTokenUseCase adminToken;
    private final ApiKeyRepository apiKeys;
    private final DeviceRepository devices;
    private final UserTokenVerifier users;
    private final CredentialCache cache;
    private final LastSeenRecorder lastSeen;

    public AuthenticationService(TransactionBoundary transactions, AdminTokenUseCase adminToken,
                                 ApiKeyRepository apiKeys, DeviceRepository devices, UserTokenVerifier users,
                                 CredentialCache cache, LastSeenRecorder lastSeen) {
        this.transactions = Objects.requireNonNull(transactions);
        this.adminToken = Objects.requireNonNull(adminToken);
        this.apiKeys = Objects.requireNonNull(apiKeys);
        this.devices = Objects.requireNonNull(devices);
        this.users = Objects.requireNonNull(users);
        this.cache = Objects.requireNonNull(cache);
        this.lastSeen = Objects.requireNonNull(lastSeen);
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
        CredentialCache.Remembered remembered = cache.rememberedOf(hash,
                () -> transactions.inTransaction(() -> storedPrincipal(hash)));
        Optional<Principal> principal = remembered.principal();
        if (principal.isPresent() && principal.get() instanceof Principal.DeviceKey device) {
            // Every request a device makes counts as seeing it; written in batches, never per request.
            remembered.seen(lastSeen, device);
        }
        return principal;
    }

    /** Device keys first: devices far outnumber operators' keys, so most lookups take one query. */
    private Optional<Principal> storedPrincipal(SecretHash hash) {
        Optional<Principal> device = devices.findByApiKeyHash(hash).map(Principal.DeviceKey::new);
        if (device.isPresent()) {
            return device;
        }
        return apiKeys.findBySecretHash(hash).map(ApiKey::principal);
    }

    /** A JWS in compact form: three Base64url parts; Firmament's own keys never contain a dot. */
    private static boolean looksLikeUserToken(String credential) {
        int first = credential.indexOf('.');
        return first > 0 && credential.indexOf('.', first + 1) > first;
    }
}
