package dev.leadscore.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.leadscore.leads.LeadResource;
import dev.leadscore.security.Roles;

/** Why a lead had the score it had, rule by rule, as JSON or plain text. */
@Path("/api/leads/{leadId}/explain")
@RolesAllowed({ Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN })
@Tag(name = "Audit", description = "Explanations of stored scores and rule activity over time")
public class ExplainResource {

    @Inject
    AuditService audit;

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(summary = "Why the lead had its score at asOf (default: now), rule by rule, in plain language")
    public Response explain(@PathParam("leadId") String leadId, @QueryParam("asOf") String asOf,
            @Context HttpHeaders headers) {
        Explanation e = audit.explain(leadId, LeadResource.instant("asOf", asOf));
        boolean text = headers.getAcceptableMediaTypes().stream().findFirst()
                .map(m -> m.isCompatible(MediaType.TEXT_PLAIN_TYPE) && !m.isWildcardType()).orElse(false);
        return text ? Response.ok(e.text(), MediaType.TEXT_PLAIN_TYPE).build()
                : Response.ok(e, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
