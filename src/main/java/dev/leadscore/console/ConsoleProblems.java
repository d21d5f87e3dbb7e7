package dev.leadscore.console;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemException;
import dev.leadscore.api.ProblemMappers;
import dev.leadscore.security.SecurityProblems;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Refusals on console pages are pages: a person who is not signed in is sent to the sign-in
 * form (htmx follows {@code HX-Redirect}), a role that may not do something sees why. Outside
 * the console the API's problem+json answers are unchanged.
 */
public class ConsoleProblems {
    private static final int BEFORE_API_MAPPERS = Priorities.USER - 100;

    @Inject
    ConsolePages pages;

    @ServerExceptionMapper(priority = BEFORE_API_MAPPERS)
    public Response anonymous(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        return console(uri) ? signIn(headers) : new SecurityProblems().anonymous(e);
    }

    @ServerExceptionMapper(priority = BEFORE_API_MAPPERS)
    public Response unknownKey(AuthenticationFailedException e, UriInfo uri, HttpHeaders headers) {
        return console(uri) ? signIn(headers) : new SecurityProblems().unknownKey(e);
    }

    @ServerExceptionMapper(priority = BEFORE_API_MAPPERS)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return console(uri) ? page(403, "Not allowed", "Your role does not allow this. Ask an administrator for a key with the role it needs.")
                : new SecurityProblems().forbidden(e);
    }

    @ServerExceptionMapper(priority = BEFORE_API_MAPPERS)
    public Response problem(ProblemException e, UriInfo uri) {
        Problem p = e.problem();
        if (!console(uri)) {
            return ProblemMappers.respond(p);
        }
        StringBuilder detail = new StringBuilder(p.detail() == null ? "" : p.detail());
        if (p.errors() != null) {
            p.errors().forEach(f -> detail.append(detail.isEmpty() ? "" : " ").append(f.field()).append(": ").append(f.message()).append('.'));
        }
        return page(p.status(), p.title(), detail.toString());
    }

    private static boolean console(UriInfo uri) {
        return SessionAuthentication.isConsolePath(uri.getPath());
    }

    private static Response signIn(HttpHeaders headers) {
        if (headers.getHeaderString("HX-Request") != null) {
            return Response.status(401).header("HX-Redirect", SignInResource.SIGN_IN).build();
        }
        return Response.seeOther(URI.create(SignInResource.SIGN_IN)).build();
    }

    private Response page(int status, String title, String detail) {
        Viewer me;
        try {
            me = pages.me();
        } catch (UnauthorizedException notSignedIn) {
            me = null;
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(ConsoleTemplates.error(me, status, title, detail).render()).build();
    }
}
