package dev.leadscore.security;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.leadscore.api.NotKept;

@Path("/api/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "API keys and their roles")
public class ApiKeyResource {

    @Inject
    ApiKeyService keys;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @NotKept
    @Operation(summary = "Create a key for a role (optionally restricted to one source's leads); the key is shown only in this answer")
    public Response create(@NotNull @Valid NewApiKey request) {
        ApiKeyView created = keys.create(request);
        return Response.created(URI.create("/api/admin/keys/" + created.id())).entity(created).build();
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "All keys, revoked ones included, without the keys themselves")
    public List<ApiKeyView> list() {
        return keys.list();
    }

    @DELETE
    @Path("/{keyId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Revoke a key")
    public ApiKeyView revoke(@PathParam("keyId") long keyId) {
        return keys.revoke(keyId);
    }
}
