package org.firmament.adapters.rest.bundles;

import java.util.Set;
import java.util.Optional;
import org.firmament.adapters.rest.RestUseCases;
import org.firmament.adapters.rest.common.AuthorizationHeader;
import org.firmament.adapters.rest.common.Unauthenticated;
import org.firmament.domain.device.Device;

/**
 * REST adapter, bundles surface: who is calling. Seed 002 serves three kinds of caller on one
 * path: a device (its API key), an operator (today the admin token) and, for public OTA, nobody.
 */
sealed interface Caller {

    /** The standard scheme and the platform's own ({@code ModeCloud <key>}). */
    Set<String> SCHEMES = Set.of("bearer", "modecloud");

    record Operator() implements Caller {
    }

    record DeviceCaller(Device device) implements Caller {
    }

    record Anonymous() implements Caller {
    }

    /** Accepts {@code Bearer <key>} and the platform's own {@code ModeCloud <key>}. */
    static Caller identify(String authorization, RestUseCases useCases) {
        if (AuthorizationHeader.isAbsent(authorization)) {
            return new Anonymous();
        }
        String key = AuthorizationHeader.credential(authorization, SCHEMES)
                .orElseThrow(() -> new Unauthenticated(Unauthenticated.Reason.INVALID));
        if (useCases.adminToken().isAdminToken(key)) {
            return new Operator();
        }
        Optional<Device> device = useCases.authenticateDevice().byApiKey(key);
        return device.<Caller>map(DeviceCaller::new)
                .orElseThrow(() -> new Unauthenticated(Unauthenticated.Reason.INVALID));
    }

    /** Only operators manage bundles; a device is refused, nobody is asked to authenticate. */
    default void requireOperator() {
        if (this instanceof Anonymous) {
            throw new Unauthenticated(Unauthenticated.Reason.MISSING);
        }
        if (!(this instanceof Operator)) {
            throw new BundlesErrors.Forbidden("Only operators may do this.");
        }
    }
}
