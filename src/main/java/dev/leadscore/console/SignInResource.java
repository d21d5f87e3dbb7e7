package dev.leadscore.console;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;

import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.security.Roles;

/** Signing in to the console with an API key, signing out, and the console's home page. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {
    static final String SIGN_IN = "/console/sign-in";

    @Inject
    ConsoleSessions sessions;
    @Inject
    ConsolePages pages;
    @Inject
    ConsoleConfig config;
    @Inject
    RulesetRegistry rulesets;
    @Context
    UriInfo uri;

    @GET
    @PermitAll
    @Operation(hidden = true)
    public Response root() {
        return ConsolePages.seeOther("/console");
    }

    @GET
    @Path("console/sign-in")
    @PermitAll
    @Operation(hidden = true)
    public Response signInForm() {
        return signInPage(null, Response.Status.OK);
    }

    @POST
    @Path("console/sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @PermitAll
    @Operation(hidden = true)
    public Response signIn(@RestForm String apiKey) {
        ConsoleSessions.Started started;
        try {
            started = sessions.signIn(apiKey);
        } catch (ConsoleSessions.Refused refused) {
            return signInPage(refused.getMessage(), Response.Status.UNAUTHORIZED);
        }
        return Response.seeOther(uri.getBaseUriBuilder().path("console").build())
                .cookie(cookie(SessionAuthentication.COOKIE, started.cookie(), (int) config.sessionLifetime().toSeconds()),
                        cookie(ConsoleGuard.SIGN_IN_COOKIE, "", 0))
                .build();
    }

    @POST
    @Path("console/sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.REVOPS, Roles.ADMIN })
    @Operation(hidden = true)
    public Response signOut(@RestCookie(SessionAuthentication.COOKIE) String session, @RestForm String _csrf) {
        sessions.signOut(session);
        return Response.seeOther(uri.getBaseUriBuilder().path(SIGN_IN).build())
                .cookie(cookie(SessionAuthentication.COOKIE, "", 0)).build();
    }

    @GET
    @Path("console")
    @RolesAllowed({ Roles.MARKETING_OPS, Roles.RULES_DEVELOPER, Roles.REVOPS, Roles.ADMIN })
    @Operation(hidden = true)
    public Response home() {
        return Response.ok(ConsoleTemplates.home(pages.me(), rulesets.activeModels())).build();
    }

    /** The form, with a fresh double-submit token: the cookie and the hidden field must match. */
    private Response signInPage(String error, Response.Status status) {
        String token = sessions.randomToken();
        return Response.status(status).entity(ConsoleTemplates.signIn(token, error))
                .cookie(cookie(ConsoleGuard.SIGN_IN_COOKIE, token, 3600)).build();
    }

    private NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path(SessionAuthentication.PATH).maxAge(maxAge).httpOnly(true)
                .secure("https".equalsIgnoreCase(uri.getRequestUri().getScheme()))
                .sameSite(NewCookie.SameSite.LAX).build();
    }
}
