package dev.leadscore.lifecycle;


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

import dev.leadscore.api.ProblemException;
import dev.leadscore.security.Roles;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lifecycle", description = "Stage changes, CRM outcomes and the re-scoring job")
public class LifecycleResource {
    static final int MAX_FEED = 500;

    @Inject
    StageChangeFeed feed;
    @Inject
    RescoreJob job;

    @GET
    @Path("/stage-changes")
    @RolesAllowed({ Roles.INTEGRATION, Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "Announced stage changes after a cursor, oldest first; pass nextCursor back to continue")
    public StageChangeFeed.FeedPage stageChanges(@QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_FEED) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_FEED);
        }
        return feed.since(since, limit);
    }

    @GET
    @Path("/jobs/rescore")
    @RolesAllowed({ Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "The time-driven re-scoring job: last run, counts, leads due and how late the oldest is")
    public RescoreJob.Status rescoreStatus() {
        return job.status();
    }
}
