package dev.leadscore.lifecycle;

import java.util.List;

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

/** Every stage change of one lead, for RevOps. */
@Path("/api/leads/{leadId}/stage-changes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lifecycle", description = "Stage changes, CRM outcomes and the re-scoring job")
public class LeadStageChangeResource {
    @Inject
    StageChangeFeed feed;

    @GET
    @RolesAllowed({ Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "Every stage change of a lead, announced or held back by the cooldown, with score, ruleset version and reason")
    public List<StageChangeFeed.View> leadStageChanges(@PathParam("leadId") String leadId) {
        return feed.ofLead(leadId);
    }
}
