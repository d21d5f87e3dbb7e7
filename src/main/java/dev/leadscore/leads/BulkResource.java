package dev.leadscore.leads;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.leadscore.security.Roles;

/**
 * Many leads per call: batch ingestion and re-scoring every stored lead. (Batch scoring lives
 * under /api/score, see {@link BatchScoringResource}.)
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bulk", description = "Many leads per call")
public class BulkResource {

    @Inject
    BulkScoringService bulk;

    @POST
    @Path("/events/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
    @Operation(summary = "Add events to many leads ([{leadId, events[]}], up to leadscore.bulk.max-event-batch events; "
            + "an id not known yet becomes an anonymous visitor), re-score and store each lead; one transaction per chunk of leads")
    public List<BulkScoringService.Ingested> ingestBatch(List<LeadEvents> batch) {
        return bulk.ingestBatch(batch);
    }

    @POST
    @Path("/rescore")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Re-score every stored lead (of one model, or all) as of now under the active rulesets; "
            + "stores a new score where something changed")
    public BulkScoringService.Rescored rescoreAll(@QueryParam("model") String model) {
        return bulk.rescoreAll(model == null || model.isBlank() ? null : model, "re-score of all leads");
    }
}
