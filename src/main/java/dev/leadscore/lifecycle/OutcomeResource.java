package dev.leadscore.lifecycle;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import dev.leadscore.security.Roles;

/** The outcomes sales reported for a lead. */
@Path("/api/leads/{leadId}/outcomes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lifecycle", description = "Stage changes, CRM outcomes and the re-scoring job")
public class OutcomeResource {
    @Inject
    Outcomes outcomes;

    @POST
    @RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record what sales reported; SALES_ACCEPTED makes the lead SQL")
    public Response addOutcome(@PathParam("leadId") String leadId, Outcomes.OutcomeInput input) {
        return Response.status(Response.Status.CREATED).entity(outcomes.record(leadId, input)).build();
    }

    @GET
    @RolesAllowed({ Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "The outcomes sales reported for a lead, each with the score the lead had then")
    public List<CrmOutcome.View> outcomes(@PathParam("leadId") String leadId) {
        return outcomes.of(leadId);
    }
}
