package dev.leadscore.leads;

import java.util.List;

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

/** Stateless scoring of many leads in one call. */
@Path("/api/score/batch")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Bulk", description = "Many leads per call")
public class BatchScoringResource {

    @Inject
    StatelessScoring scoring;

    @POST
    @RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
    @Operation(summary = "Score up to leadscore.bulk.max-score-batch requests (each as for POST /api/score); stores nothing")
    public List<ScoreView> scoreBatch(List<ScoreRequest> requests) {
        return scoring.scoreBatch(requests);
    }
}
