package dev.leadscore.leads;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.leadscore.security.Roles;

@Path("/api/leads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Leads")
public class LeadListResource {
    @Inject
    LeadDirectory directory;

    @GET
    @RolesAllowed({ Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "Leads by score or update time, filtered by model, band, stage, source and update time; "
            + "pass the answer's 'next' as cursor for the following page")
    public LeadDirectory.LeadPage list(@QueryParam("model") String model, @QueryParam("band") String band,
            @QueryParam("stage") String stage, @QueryParam("source") String source,
            @QueryParam("updatedSince") String updatedSince, @QueryParam("sort") @DefaultValue("-score") String sort,
            @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") int limit) {
        return directory.list(new LeadDirectory.Filter(blankToNull(model), blankToNull(band), blankToNull(stage),
                blankToNull(source), LeadResource.instant("updatedSince", updatedSince)),
                LeadDirectory.Order.of(sort), cursor, limit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
