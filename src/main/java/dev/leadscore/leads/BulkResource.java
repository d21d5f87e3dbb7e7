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
    EventIngestion ingestion;
    @Inject
    Rescoring rescoring;

    @POST
    @Path("/events/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
    @Operation(summary = "Add events to many leads ([{leadId, events[]}], up to leadscore.bulk.max-event-batch events; "
            + "an id not known yet becomes an anonymous visitor), re-score and store each lead; one transaction per chunk of leads")
    public List<EventIngestion.BatchItem> ingestBatch(List<LeadEvents> batch) {
        return ingestion.ingestBatch(batch);
    }

    @POST
    @Path("/rescore")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Re-score every stored lead (of one model, or all) as of now under the active rulesets; "
            + "stores a new score where something changed")
    public Rescoring.Rescored rescoreAll(@QueryParam("model") String model) {
        return rescoring.rescoreAll(model == null || model.isBlank() ? null : model, "re-score of all leads");
    }
}
