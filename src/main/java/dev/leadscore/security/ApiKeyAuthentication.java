package dev.leadscore.security;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import dev.leadscore.api.Caller;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** Authentication by the {@code X-API-Key} header; a request without it is anonymous (and refused by role checks). */
@ApplicationScoped
public class ApiKeyAuthentication implements HttpAuthenticationMechanism {
    public static final String HEADER = "X-API-Key";
    /** Identity attributes: the key's id, its source restriction and its own rate limit. */
    public static final String KEY_ID = Caller.KEY_ID;
    public static final String SOURCE = "leadscore.source";
    public static final String RATE_LIMIT = "leadscore.rate-limit";

    /** The key as presented. */
    public static final class ApiKeyRequest extends BaseAuthenticationRequest {
        final String key;

        ApiKeyRequest(String key) {
            this.key = key;
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String key = context.request().getHeader(HEADER);
        if (key == null || key.isBlank()) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyRequest(key.strip()), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }

    /** Looks the key up (blocking: it may read the database). */
    @ApplicationScoped
    public static class Provider implements IdentityProvider<ApiKeyRequest> {
        @Inject
        ApiKeyService keys;

        @Override
        public Class<ApiKeyRequest> getRequestType() {
            return ApiKeyRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
            Optional<ApiKeyHolder> known = keys.recogniseWithoutLoading(request.key);
            if (known != null) {
                // the usual case: no database read, so no hop to a worker thread
                return known.isPresent() ? Uni.createFrom().item(identity(known.get()))
                        : Uni.createFrom().failure(unknown());
            }
            return context.runBlocking(() -> keys.recognise(request.key).map(Provider::identity).orElseThrow(Provider::unknown));
        }

        private static AuthenticationFailedException unknown() {
            return new AuthenticationFailedException("Unknown or revoked API key");
        }

        static SecurityIdentity identity(ApiKeyHolder holder) {
            QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(holder.name()))
                    .addRole(holder.role())
                    .addAttribute(KEY_ID, holder.keyId());
            if (holder.source() != null) {
                b.addAttribute(SOURCE, holder.source());
            }
            if (holder.rateLimitPerMinute() != null) {
                b.addAttribute(RATE_LIMIT, holder.rateLimitPerMinute());
            }
            return b.build();
        }
    }
}
