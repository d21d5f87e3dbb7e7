package dev.leadscore.security;

import java.util.List;

/**
 * The one list of roles an API key can hold. Every resource method names the roles it admits
 * with {@code @RolesAllowed} using these constants; a method that names none is refused to all
 * ({@code quarkus.security.jaxrs.deny-unannotated-endpoints}).
 */
public final class Roles {
    /** CRM / CDP integrations: profiles, events, scoring, outcomes (optionally only their own source's leads). */
    public static final String INTEGRATION = "integration";
    /** Marketing Ops: rule drafts, publishing, rollback. */
    public static final String MARKETING_OPS = "marketing-ops";
    /** Rules developers: everything Marketing Ops may do, and changing DRL (code) in the rules. */
    public static final String RULES_DEVELOPER = "rules-developer";
    /** RevOps: reads scores, history, audits and reports. */
    public static final String REVOPS = "revops";
    /** Operators: API keys, and everything the other roles can do. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(INTEGRATION, MARKETING_OPS, RULES_DEVELOPER, REVOPS, ADMIN);

    private Roles() {
    }
}
