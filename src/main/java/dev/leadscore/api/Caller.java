package dev.leadscore.api;

import io.quarkus.security.identity.SecurityIdentity;

/** What the service knows of the caller of a request, as the authentication put it on the identity. */
public final class Caller {
    /** Identity attribute: the id of the API key that authenticated the request. */
    public static final String KEY_ID = "leadscore.key-id";

    private Caller() {
    }

    /** The id of the caller's API key; null for an anonymous request or one authenticated otherwise. */
    public static String keyId(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Object id = identity.getAttribute(KEY_ID);
        return id == null ? null : String.valueOf(id);
    }
}
