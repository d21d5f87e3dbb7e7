package dev.leadscore.leads;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.leadscore.security.Roles;

/** Benchmarks only (see {@link PersistLimit}); an unknown path unless the benchmark turns it on. */
@Path("/api/bench/leads/{leadId}/events")
public class PersistLimitResource {
    @Inject
    PersistLimit limit;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
    @Operation(hidden = true)
    public void store(@PathParam("leadId") String leadId, List<EventInput> events) {
        limit.store(leadId, events);
    }
}
