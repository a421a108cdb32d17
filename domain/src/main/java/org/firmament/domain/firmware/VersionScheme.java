package org.firmament.domain.firmware;

import java.math.BigInteger;
import java.util.Comparator;
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
        public boolean isOrdered() {
            return true;
        }

        @Override
        int compareOrdered(FirmwareVersion a, FirmwareVersion b) {
            return SemanticVersion.parse(a.value()).compareTo(SemanticVersion.parse(b.value()));
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
        public boolean isOrdered() {
            return true;
        }

        @Override
        int compareOrdered(FirmwareVersion a, FirmwareVersion b) {
            return new BigInteger(a.value()).compareTo(new BigInteger(b.value()));
        }
    },

    OPAQUE {
        @Override
        public void validate(FirmwareVersion version) {
            // any text a FirmwareVersion accepts is a valid opaque version
        }

        @Override
        public boolean isOrdered() {
            return false;
        }

        @Override
        int compareOrdered(FirmwareVersion a, FirmwareVersion b) {
            throw new UnsupportedOperationException("opaque versions have no order");
        }
    };

    /** Throws {@link InvalidValueException} when {@code version} is not written in this scheme. */
    public abstract void validate(FirmwareVersion version);

    /** Whether "newer" means anything in this scheme; opaque versions are only equal or different. */
    public abstract boolean isOrdered();

    abstract int compareOrdered(FirmwareVersion a, FirmwareVersion b);

    /**
     * Whether {@code candidate} should replace {@code installed}: for ordered schemes when it is
     * strictly newer, for opaque versions whenever the two differ.
     */
    public boolean isUpgrade(FirmwareVersion installed, FirmwareVersion candidate) {
        validate(installed);
        validate(candidate);
        return isOrdered() ? compareOrdered(candidate, installed) > 0 : !candidate.equals(installed);
    }

    /** Orders versions newest last; only for ordered schemes. */
    public Comparator<FirmwareVersion> order() {
        if (!isOrdered()) {
            throw new UnsupportedOperationException(name() + " versions have no order");
        }
        return this::compareOrdered;
    }
}
