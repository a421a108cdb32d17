package org.firmament.adapters.rest.common;

import jakarta.ws.rs.core.SecurityContext;
import java.util.Objects;
import org.firmament.domain.access.Principal;

/**
 * REST adapter: the JAX-RS security context of one request, carrying who the caller is once
 * {@link AuthenticationFilter} has checked its credential.
 */
final class CallerContext implements SecurityContext {

    /** The {@link java.security.Principal} JAX-RS asks for, wrapping the domain's caller. */
    record Caller(Principal principal) implements java.security.Principal {
        Caller {
            Objects.requireNonNull(principal, "principal");
        }

        @Override
        public String getName() {
            return principal.actor().map(actor -> actor.kind() + ":" + actor.id()).orElse("anonymous");
        }
    }

    private final Caller caller;
    private final boolean secure;

    CallerContext(Principal principal, boolean secure) {
        this.caller = new Caller(principal);
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
        return caller.principal() instanceof Principal.Nobody ? null : "Bearer";
    }
}
