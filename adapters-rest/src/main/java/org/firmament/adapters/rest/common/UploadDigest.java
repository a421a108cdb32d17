package org.firmament.adapters.rest.common;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.firmament.domain.InvalidValueException;
import org.firmament.domain.firmware.Digest;

/**
 * REST adapter: the SHA-256 an uploader states for what it sends, as RFC 9530's
 * {@code Repr-Digest: sha-256=:<base64>:} or the simpler {@code X-Checksum-Sha256: <hex>}.
 */
public final class UploadDigest {

    private static final Pattern REPR_SHA256 = Pattern.compile("(?:^|,)\\s*sha-256\\s*=\\s*:([A-Za-z0-9+/=]+):");

    private UploadDigest() {
    }

    /**
     * The stated SHA-256, or empty when none is stated.
     *
     * @throws InvalidValueException when a header is malformed, or the two headers disagree
     */
    public static Optional<Digest> expectedSha256(HttpHeaders headers) {
        Optional<Digest> repr = Optional.ofNullable(headers.getHeaderString("Repr-Digest")).flatMap(UploadDigest::repr);
        Optional<Digest> hex = Optional.ofNullable(headers.getHeaderString("X-Checksum-Sha256")).map(UploadDigest::hex);
        if (repr.isPresent() && hex.isPresent() && !repr.equals(hex)) {
            throw new InvalidValueException("sha256", "Repr-Digest and X-Checksum-Sha256 state different SHA-256 digests");
        }
        return repr.or(() -> hex);
    }

    /** Only the sha-256 member counts; a header naming other algorithms only states nothing we check. */
    private static Optional<Digest> repr(String header) {
        Matcher matcher = REPR_SHA256.matcher(header.toLowerCase(Locale.ROOT).contains("sha-256") ? header : "");
        if (!matcher.find()) {
            if (header.toLowerCase(Locale.ROOT).contains("sha-256")) {
                throw new InvalidValueException("sha256", "Repr-Digest must be written sha-256=:<base64>:");
            }
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(matcher.group(1));
            if (bytes.length != 32) {
                throw new InvalidValueException("sha256", "Repr-Digest's sha-256 must decode to 32 bytes");
            }
            return Optional.of(Digest.of(Digest.Algorithm.SHA256, bytes));
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidValueException("sha256", "Repr-Digest's sha-256 is not valid Base64");
        }
    }

    private static Digest hex(String header) {
        String value = header.trim();
        if (value.length() != 64 || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new InvalidValueException("sha256", "X-Checksum-Sha256 must be 64 hex characters");
        }
        return Digest.of(Digest.Algorithm.SHA256, HexFormat.of().parseHex(value));
    }
}
