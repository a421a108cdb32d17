package org.firmament.domain.access;

import org.firmament.domain.Names;

/** Public id of a project API key (what lists show and revocation names); not the secret. */
public record ApiKeyId(String value) {

    public ApiKeyId {
        Names.requireIdentifier("keyId", value);
    }

    public static ApiKeyId of(String value) {
        return new ApiKeyId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
