package dev.leadscore.console;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.leadscore.security.ApiKeyAuthentication;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Authentication of console pages by the session cookie. It acts on console paths only, so the
 * cookie never authenticates an API call (the API takes keys in a header, which a foreign page
 * cannot make a browser send). The identity has the role of the key the person signed in with,
 * so the same {@code @RolesAllowed} decide what the console and the API allow.
 */
@ApplicationScoped
public class SessionAuthentication implements HttpAuthenticationMechanism {
    public static final String COOKIE = "leadscore_session";
    public static final String PATH = "/console";
    /** Identity attribute holding the {@link ConsoleSessions.SignedIn} of the request. */
    public static final String SESSION = "leadscore.console-session";

    static final class SessionRequest extends BaseAuthenticationRequest {
        final String cookie;

        SessionRequest(String cookie) {
            this.cookie = cookie;
        }
    }

    static boolean isConsolePath(String path) {
        return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Cookie cookie = context.request().getCookie(COOKIE);
        if (!isConsolePath(context.normalizedPath()) || cookie == null || cookie.getValue().isEmpty()) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new SessionRequest(cookie.getValue()), context))
                // an ended session is anonymous: the page asks the person to sign in again
                .onFailure(AuthenticationFailedException.class).recoverWithNull();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionRequest.class);
    }

    /** Looks the session up (blocking: it reads the database). */
    @ApplicationScoped
    public static class Provider implements IdentityProvider<SessionRequest> {
        @Inject
        ConsoleSessions sessions;

        @Override
        public Class<SessionRequest> getRequestType() {
            return SessionRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(SessionRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> sessions.find(request.cookie).map(Provider::identity)
                    .orElseThrow(() -> new AuthenticationFailedException("Session ended")));
        }

        static SecurityIdentity identity(ConsoleSessions.SignedIn who) {
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(who.name()))
                    .addRole(who.role())
                    // the key's id: console pages count against the key's rate limit like its API calls
                    .addAttribute(ApiKeyAuthentication.KEY_ID, who.keyId())
                    .addAttribute(SESSION, who)
                    .build();
        }
    }
}
