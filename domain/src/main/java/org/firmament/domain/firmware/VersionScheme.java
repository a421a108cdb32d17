package org.firmament.domain.firmware;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Optional;
import org.firmament.domain.InvalidValueException;

/**
 * How the versions of one firmware type are written and ordered.
 *
 * <ul>
 *   <li>{@link #SEMANTIC}: Semantic Versioning 2.0.0, ordered by its precedence rules
 *       (pre-releases before releases, build metadata ignored for order);</li>
 *   <li>{@link #NUMERIC}: a string of decimal digits of any length, leading zeros allowed,
 *       ordered by numeric value;</li>
 *   <li>{@link #OPAQUE}: any text; versions have no order, any difference means "different".</li>
 * </ul>
 */
public enum VersionScheme {

    SEMANTIC {
        @Override
        public void validate(FirmwareVersion version) {
            SemanticVersion.parse(version.value());
        }

        @Override
        public Optional<Comparator<FirmwareVersion>> order() {
            return Optional.of(Comparator.comparing(version -> SemanticVersion.parse(version.value())));
        }
    },

    NUMERIC {
        @Override
        public void validate(FirmwareVersion version) {
            String value = version.value();
            if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidValueException("version", "version must be a decimal number: " + value);
            }
        }

        @Override
        public Optional<Comparator<FirmwareVersion>> order() {
            return Optional.of(Comparator.comparing(version -> new BigInteger(version.value())));
        }
    },

    OPAQUE {
        @Override
        public void validate(FirmwareVersion version) {
            // any text a FirmwareVersion accepts is a valid opaque version
        }

        @Override
        public Optional<Comparator<FirmwareVersion>> order() {
            return Optional.empty();
        }
    };

    /** Throws {@link InvalidValueException} when {@code version} is not written in this scheme. */
    public abstract void validate(FirmwareVersion version);

    /**
     * How versions of this scheme order, oldest first; empty for a scheme whose versions are only
     * equal or different (opaque).
     */
    public abstract Optional<Comparator<FirmwareVersion>> order();

    /** Whether "newer" means anything in this scheme; opaque versions are only equal or different. */
    public boolean isOrdered() {
        return order().isPresent();
    }

    /**
     * Whether {@code candidate} should replace {@code installed}: for ordered schemes when it is
     * strictly newer, for opaque versions whenever the two differ.
     */
    public boolean isUpgrade(FirmwareVersion installed, FirmwareVersion candidate) {
        validate(installed);
        validate(candidate);
        return order().map(order -> order.compare(candidate, installed) > 0)
                .orElseGet(() -> !candidate.equals(installed));
    }
}
