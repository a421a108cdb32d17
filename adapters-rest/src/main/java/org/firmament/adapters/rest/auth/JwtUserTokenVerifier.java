package org.firmament.adapters.rest.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.firmament.application.port.out.UserTokenVerifier;
import org.firmament.domain.DomainException;
import org.firmament.domain.access.Role;
import org.firmament.domain.access.UserGrant;
import org.firmament.domain.project.ProjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST adapter: verifies a user's JWT from an external identity provider with Nimbus JOSE+JWT and
 * reads its grant from the claims {@code sub}, {@code projects} (a non-empty JSON array of positive
 * integer project ids) and {@code role} ({@code "read"} or {@code "write"}).
 *
 * <p>Only the configured algorithm is accepted: a token whose header names another one, {@code
 * none} included, finds no key. {@code exp} is required; {@code exp} and {@code nbf} are checked
 * with the configured clock skew; {@code iss} and {@code aud} when configured. Anything else,
 * malformed input included, is refused with an empty answer, never an exception. Tokens and keys
 * are never logged; a refusal is logged at debug level with a fixed reason only.
 */
public final class JwtUserTokenVerifier implements UserTokenVerifier {

    /** Providers' tokens are usually under 2 KiB; the cap bounds the parser's work on hostile input. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private static final String PROJECTS_CLAIM = "projects";
    private static final String ROLE_CLAIM = "role";

    private static final Logger LOG = LoggerFactory.getLogger(JwtUserTokenVerifier.class);

    // RFC 9068 access tokens say "at+jwt"; most providers say "JWT" or nothing.
    private static final Set<JOSEObjectType> ACCEPTED_TYPES = new HashSet<>(
            Arrays.asList(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));

    private final DefaultJWTProcessor<SecurityContext> processor;

    /** A verifier that reads the time from the system clock. */
    public JwtUserTokenVerifier(JwtSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** A verifier that reads the time for {@code exp} and {@code nbf} from {@code clock}. */
    public JwtUserTokenVerifier(JwtSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCEPTED_TYPES));
        processor.setJWSKeySelector(settings.keys().selectorFor(settings.algorithm()));
        processor.setJWTClaimsSetVerifier(claimsVerifier(settings, clock));
    }

    @Override
    public Optional<UserGrant> verify(String token) {
        if (!looksLikeASignedToken(token)) {
            LOG.debug("user token refused: not a compact signed JWT of at most {} characters", MAX_TOKEN_LENGTH);
            return Optional.empty();
        }
        try {
            return Optional.of(grant(processor.process(token, null)));
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            // The exception's message may quote parts of the token; only its kind is logged.
            LOG.debug("user token refused: {}", reason(e));
            return Optional.empty();
        }
    }

    private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(JwtSettings settings, Clock clock) {
        JWTClaimsSet exactMatch = settings.issuer()
                .map(issuer -> new JWTClaimsSet.Builder().issuer(issuer).build())
                .orElse(null);
        Set<String> acceptedAudience = settings.audience().map(Set::of).orElse(null);
        Set<String> required = Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME, PROJECTS_CLAIM, ROLE_CLAIM);
        DefaultJWTClaimsVerifier<SecurityContext> verifier =
                new DefaultJWTClaimsVerifier<>(acceptedAudience, exactMatch, required, null) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        verifier.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        return verifier;
    }

    /** Three base64url segments within the length cap: cheap to check before any parsing. */
    private static boolean looksLikeASignedToken(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return dots == 2;
    }

    private static UserGrant grant(JWTClaimsSet claims) throws BadJWTException {
        return new UserGrant(claims.getSubject(), projects(claims.getClaim(PROJECTS_CLAIM)), role(claims.getClaim(ROLE_CLAIM)));
    }

    // Strict on purpose: only integer literals, no numeric strings and no fractions, so a provider
    // mapping the claim wrongly shows up at once instead of granting something unexpected.
    private static Set<ProjectId> projects(Object claim) throws BadJWTException {
        if (!(claim instanceof List<?> ids) || ids.isEmpty()) {
            throw new BadJWTException("projects is not a non-empty array");
        }
        Set<ProjectId> projects = new HashSet<>();
        for (Object id : ids) {
            if (!(id instanceof Long value) || value <= 0) {
                throw new BadJWTException("projects holds something other than a positive integer");
            }
            projects.add(ProjectId.of(value));
        }
        return projects;
    }

    private static Role role(Object claim) throws BadJWTException {
        if (!(claim instanceof String text)) {
            throw new BadJWTException("role is not a string");
        }
        return Role.parse(text);
    }

    private static String reason(Exception e) {
        if (e instanceof ExpiredJWTException) {
            return "expired";
        }
        if (e instanceof BadJWSException) {
            return "bad signature";
        }
        if (e instanceof BadJWTException || e instanceof DomainException) {
            return "claims refused (missing, wrong issuer or audience, not yet valid, or not a grant)";
        }
        if (e instanceof BadJOSEException) {
            return "algorithm, type or key not accepted";
        }
        if (e instanceof ParseException) {
            return "malformed";
        }
        return "cannot be verified";
    }
}
