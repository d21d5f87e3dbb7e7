package dev.leadscore.console;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * What every console request goes through: a CSRF check on every request that changes
 * something, and headers that keep pages from being framed, sniffed, cached or made to run
 * script that is not the console's own.
 */
public class ConsoleGuard {
    /** Form field and htmx header carrying the CSRF token. */
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The double-submit cookie of the sign-in form (there is no session yet to hold a token). */
    public static final String SIGN_IN_COOKIE = "leadscore_signin";

    /** No inline script or style, nothing from other origins; htmx is configured by a meta tag. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter(readBody = true)
    public Optional<Response> checkCsrf(ResteasyReactiveContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!SessionAuthentication.isConsolePath(path) || SAFE.contains(request.getMethod())) {
            return Optional.empty();
        }
        String presented = request.getHeaderString(CSRF_HEADER);
        if (presented == null) {
            presented = formField(request);
        }
        String expected;
        if (path.equals(SignInResource.SIGN_IN)) {
            Cookie cookie = request.getCookies().get(SIGN_IN_COOKIE);
            expected = cookie == null ? null : cookie.getValue();
        } else {
            SecurityIdentity identity = identities.getIdentity();
            ConsoleSessions.SignedIn who = identity == null ? null : identity.getAttribute(SessionAuthentication.SESSION);
            expected = who == null ? null : who.csrfToken();
        }
        if (expected == null || presented == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity("This form was refused: its security token is missing or out of date. Reload the page and send it again.")
                    .build());
        }
        return Optional.empty();
    }

    private static String formField(ResteasyReactiveContainerRequestContext request) {
        if (request.getServerRequestContext() instanceof ResteasyReactiveRequestContext rr && rr.getFormData() != null) {
            Object value = rr.getFormParameter(CSRF_FIELD, true, false);
            return value instanceof String s ? s : null;
        }
        return null;
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!SessionAuthentication.isConsolePath(path) && !"/".equals(path)) {
            return;
        }
        MultivaluedMap<String, Object> h = response.getHeaders();
        h.putSingle("Content-Security-Policy", CSP);
        h.putSingle("X-Content-Type-Options", "nosniff");
        h.putSingle("X-Frame-Options", "DENY");
        h.putSingle("Referrer-Policy", "same-origin");
        h.putSingle("Cache-Control", "no-store");
    }
}
