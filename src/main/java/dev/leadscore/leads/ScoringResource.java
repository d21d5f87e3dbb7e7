package dev.leadscore.leads;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.leadscore.security.Roles;

@Path("/api/score")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Scoring", description = "Stateless scoring")
public class ScoringResource {

    @Inject
    StatelessScoring scoring;

    @POST
    @RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
    @Operation(summary = "Score a lead and its events without storing anything")
    public ScoreView score(ScoreRequest request) {
        return scoring.score(request);
    }
}
