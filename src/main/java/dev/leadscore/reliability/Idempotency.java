package dev.leadscore.reliability;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.api.ProblemMappers;
import dev.leadscore.api.Caller;
import dev.leadscore.api.NotKept;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code Idempotency-Key} on any POST, PUT or PATCH with a JSON body (profile upserts, outcomes, ...):
 * the first request with a key runs and its response is kept; the same key with the same body
 * gets that response again ({@code Idempotent-Replayed: true}) without running twice; with
 * another body, 422; while the first is still running, 409. Keys are scoped to the API key,
 * method and path. Server failures (5xx) are not kept, so a retry runs again.
 */
@ApplicationScoped
public class Idempotency {
    private static final Logger LOG = Logger.getLogger(Idempotency.class);
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final String CLAIMED = Idempotency.class.getName() + ".claimed";
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH");
    static final int MAX_KEY_LENGTH = 255;

    private record Claimed(String scope, String key) {
    }

    @Inject
    IdempotencyStore store;
    @Inject
    CurrentIdentityAssociation identities;
    @Inject
    ObjectMapper mapper;

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Optional<Response> claim(ContainerRequestContext request, ResourceInfo resource) throws IOException {
        String key = request.getHeaderString(HEADER);
        MediaType type = request.getMediaType();
        // only JSON bodies are kept and hashed; uploads (multipart, CSV) are not buffered here
        if (key == null || !UNSAFE.contains(request.getMethod()) || type != null && !type.getSubtype().contains("json")
                || resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(NotKept.class)) {
            return Optional.empty();
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.invalidField(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
        request.setEntityStream(new ByteArrayInputStream(body));
        SecurityIdentity identity = identities.getIdentity();
        String keyId = Caller.keyId(identity);
        String caller = keyId == null ? "anonymous" : keyId;
        String scope = caller + " " + request.getMethod() + " " + request.getUriInfo().getPath();
        IdempotencyStore.Claim claim = store.claim(scope, key, sha256(body));
        if (claim instanceof IdempotencyStore.Granted) {
            request.setProperty(CLAIMED, new Claimed(scope, key));
            return Optional.empty();
        }
        if (claim instanceof IdempotencyStore.Done done) {
            return Optional.of(Response.status(done.status())
                    .type(done.contentType() == null ? MediaType.APPLICATION_JSON : done.contentType())
                    .entity(done.body()).header(REPLAYED, "true").build());
        }
        if (claim instanceof IdempotencyStore.Mismatch) {
            return Optional.of(ProblemMappers.respond(new Problem("/problems/idempotency-key-reused",
                    "Idempotency key reused", 422, "This Idempotency-Key was used with a different body; "
                            + "use a new key for a new request", null)));
        }
        return Optional.of(Response.fromResponse(ProblemMappers.respond(new Problem("/problems/idempotency-key-in-use",
                "Request in progress", 409, "A request with this Idempotency-Key is still running; retry shortly", null)))
                .header(HttpHeaders.RETRY_AFTER, 1).build());
    }

    @ServerResponseFilter
    public void keep(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIMED) instanceof Claimed claimed)) {
            return;
        }
        int status = response.getStatus();
        try {
            if (status < 500 && status != 409 && status != 429) {
                Object entity = response.getEntity();
                String body = entity == null ? null : entity instanceof String s ? s : mapper.writeValueAsString(entity);
                MediaType type = response.getMediaType();
                store.complete(claimed.scope(), claimed.key(), status, type == null ? null : type.toString(), body);
            } else {
                store.release(claimed.scope(), claimed.key());
            }
        } catch (IOException | RuntimeException e) {
            // the claim stays unfinished and is taken over by a retry after IdempotencyStore.ABANDONED_AFTER
            LOG.warnf("Could not record the outcome of Idempotency-Key %s: %s", claimed.key(), e.getMessage());
        }
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
