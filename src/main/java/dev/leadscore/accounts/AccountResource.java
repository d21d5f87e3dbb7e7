package dev.leadscore.accounts;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import dev.leadscore.security.Roles;

@Path("/api/accounts/{accountId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts", description = "Contacts grouped by account id (or company domain) and account escalation")
public class AccountResource {
    @Inject
    Accounts accounts;

    @GET
    @RolesAllowed({ Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "An account's status, its contacts with their scores, and how many are engaged")
    public Accounts.AccountView account(@PathParam("accountId") String accountId) {
        return accounts.view(accountId);
    }
}
