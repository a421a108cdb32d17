package org.firmament.adapters.rest.management;

import org.firmament.domain.access.Actor;

/**
 * REST adapter, management API: who is calling, as the audit log records it. Only the admin token
 * reaches management paths today ({@code BearerTokenFilter}), so every caller is the admin; access
 * control replaces this with the authenticated caller. The one place resources ask.
 */
final class ManagementActor {

    private ManagementActor() {
    }

    static Actor current() {
        return Actor.ADMIN;
    }
}
