package dev.leadscore.security;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.leadscore.api.Problem;
import dev.leadscore.api.ProblemMappers;
import dev.leadscore.api.DatabaseProblems;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Refusals by authentication and roles, as problems (authentication runs lazily, so these reach the mappers). */
public class SecurityProblems {

    @ServerExceptionMapper
    public Response anonymous(UnauthorizedException e) {
        return unauthorized("Send an API key in the " + ApiKeyAuthentication.HEADER + " header");
    }

    @ServerExceptionMapper
    public Response unknownKey(AuthenticationFailedException e) {
        Response unavailable = DatabaseProblems.ifDatabaseUnavailable(e);
        return unavailable != null ? unavailable : unauthorized("The API key is unknown or revoked");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ProblemMappers.respond(new Problem("/problems/forbidden", "Forbidden", 403,
                "The role of this API key does not allow this request", null));
    }

    private static Response unauthorized(String detail) {
        return ProblemMappers.respond(new Problem("/problems/unauthorized", "Unauthorized", 401, detail, null));
    }
}
