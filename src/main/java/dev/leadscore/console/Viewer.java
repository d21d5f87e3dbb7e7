package dev.leadscore.console;

import dev.leadscore.security.Roles;

/**
 * The signed-in person as pages see them: name, role, the session's CSRF token, and what the
 * role may do. The answers mirror the {@code @RolesAllowed} of the API endpoints; the server
 * checks them again on every request, so hiding a button is never the only guard.
 */
public record Viewer(String name, String role, String csrf) {

    static Viewer of(ConsoleSessions.SignedIn who) {
        return new Viewer(who.name(), who.role(), who.csrfToken());
    }

    public boolean admin() {
        return Roles.ADMIN.equals(role);
    }

    /** Scores, histories, events and explanations of leads (revops, admin). */
    public boolean readsLeads() {
        return admin() || Roles.REVOPS.equals(role);
    }

    /** Rule activity and health checks (marketing-ops, revops, admin). */
    public boolean readsAudit() {
        return admin() || Roles.REVOPS.equals(role) || Roles.MARKETING_OPS.equals(role);
    }

    /** The models and their versions (every console role). */
    public boolean readsModels() {
        return readsAudit() || Roles.RULES_DEVELOPER.equals(role);
    }

    /** Uploading drafts, publishing and rolling back models (marketing-ops, rules-developer, admin). */
    public boolean publishes() {
        return admin() || Roles.MARKETING_OPS.equals(role) || Roles.RULES_DEVELOPER.equals(role);
    }

    /** Webhook deliveries and the re-scoring job (revops, admin); keys and redrive are admin only. */
    public boolean readsOperations() {
        return readsLeads();
    }
}
