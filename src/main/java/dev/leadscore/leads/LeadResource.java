package dev.leadscore.leads;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.leadscore.api.Instants;
import dev.leadscore.api.ProblemException;
import dev.leadscore.security.ApiKeyAuthentication;
import dev.leadscore.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

@Path("/api/leads/{leadId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Leads", description = "Profiles, events and stored scores of leads")
public class LeadResource {
    static final int MAX_PAGE_SIZE = 500;

    @Inject
    LeadProfiles profiles;
    @Inject
    EventIngestion ingestion;
    @Inject
    LeadReads reads;
    @Inject
    LeadDirectory directory;
    @Inject
    LeadErasure erasure;
    @Inject
    LeadMerge merges;
    @Inject
    SecurityIdentity identity;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
    @Operation(summary = "Create or replace a lead's profile, re-score it and store the score")
    public ScoreView upsert(@PathParam("leadId") String leadId, LeadProfile profile) {
        return profiles.upsert(leadId, profile);
    }

    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
    @Operation(summary = "Add one event or an array of events; an event id already stored for the lead is ignored")
    public Response addEvents(@PathParam("leadId") String leadId, List<EventInput> events) {
        EventIngestion.Ingested result = ingestion.ingest(leadId, events);
        return Response.ok(result.score())
                .header("X-Events-Accepted", result.accepted())
                .header("X-Events-Duplicate", result.duplicates())
                .build();
    }

    @GET
    @RolesAllowed({ Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "The lead as a CRM reads it: profile, current score, band, score and lifecycle stage, MQL/PQL dates")
    public LeadView get(@PathParam("leadId") String leadId) {
        return directory.get(leadId);
    }

    @DELETE
    @RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
    @Operation(summary = "Erase the person: profile, events, scores, outcomes, stage changes and queued notifications; "
            + "an audit entry without personal data remains")
    public Response erase(@PathParam("leadId") String leadId) {
        erasure.erase(leadId, caller());
        return Response.noContent().build();
    }

    @POST
    @Path("/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
    @Operation(summary = "Merge other leads (an identified visitor, CRM duplicates) into this one: their events move here "
            + "once, the merged ids stop existing, this lead is re-scored and a merge of a known lead is announced")
    public LeadMerge.Merged merge(@PathParam("leadId") String leadId, LeadMerge.MergeRequest request) {
        return merges.merge(leadId, request == null ? null : request.ids(), false);
    }

    @GET
    @Path("/score")
    @RolesAllowed({ Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "The latest stored score; with asOf, the score recomputed as of that instant (not stored)")
    public ScoreView score(@PathParam("leadId") String leadId, @QueryParam("asOf") String asOf) {
        return reads.score(leadId, instant("asOf", asOf));
    }

    @GET
    @Path("/history")
    @RolesAllowed({ Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "Stored scores, newest first, each with its adjustments")
    public Page<ScoreView> history(@PathParam("leadId") String leadId,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        checkPage(page, size);
        return reads.history(leadId, page, size);
    }

    @GET
    @Path("/events")
    @RolesAllowed({ Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "Stored events, newest first")
    public Page<EventRecord.View> events(@PathParam("leadId") String leadId,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        checkPage(page, size);
        return reads.events(leadId, page, size);
    }

    /** Who is calling, as the audit names them: the API key's name and id. */
    private String caller() {
        Object keyId = identity.getAttribute(ApiKeyAuthentication.KEY_ID);
        return identity.getPrincipal().getName() + (keyId == null ? "" : " (key " + keyId + ")");
    }

    public static Instant instant(String field, String value) {
        return Instants.parse(field, value);
    }

    static void checkPage(int page, int size) {
        if (page < 0) {
            throw ProblemException.invalidField("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.invalidField("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
