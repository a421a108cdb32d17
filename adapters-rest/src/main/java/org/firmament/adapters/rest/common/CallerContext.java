package org.firmament.adapters.rest.common;

import jakarta.ws.rs.core.SecurityContext;
import java.util.Objects;
import org.firmament.domain.access.Principal;

/**
 * REST adapter: the JAX-RS security context of one request, carrying who the caller is once
 * {@link AuthenticationFilter} has checked its credential.
 */
final class CallerContext implements SecurityContext {

    /** The {@link java.security.Principal} JAX-RS asks for, carrying what the caller may do. */
    record Caller(Access access) implements java.security.Principal {
        Caller {
            Objects.requireNonNull(access, "access");
        }

        @Override
        public String getName() {
            return access.principal().actor().map(actor -> actor.kind() + ":" + actor.id()).orElse("anonymous");
        }
    }

    private final Caller caller;
    private final boolean secure;

    CallerContext(Access access, boolean secure) {
        this.caller = new Caller(access);
        this.secure = secure;
    }

    @Override
    public java.security.Principal getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return caller.access().principal() instanceof Principal.Nobody ? null : "Bearer";
    }
}
