package dev.leadscore.lifecycle;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.leadscore.api.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Lifecycle", description = "Stage changes, CRM outcomes and the re-scoring job")
public class LifecycleResource {
    static final int MAX_FEED = 500;

    @Inject
    StageChangeFeed feed;
    @Inject
    Outcomes outcomes;
    @Inject
    RescoreJob job;
    @Inject
    LifecycleConfig config;

    @GET
    @Path("/stage-changes")
    @Operation(summary = "Announced stage changes after a cursor, oldest first; pass nextCursor back to continue")
    public StageChangeFeed.FeedPage stageChanges(@QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_FEED) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_FEED);
        }
        return feed.since(since, limit);
    }

    @GET
    @Path("/leads/{leadId}/stage-changes")
    @Operation(summary = "Every stage change of a lead, announced or held back by the cooldown, with score, ruleset version and reason")
    public List<StageChangeFeed.View> leadStageChanges(@PathParam("leadId") String leadId) {
        return feed.ofLead(leadId);
    }

    @POST
    @Path("/leads/{leadId}/outcomes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record what sales reported; SALES_ACCEPTED makes the lead SQL")
    public Response addOutcome(@PathParam("leadId") String leadId, Outcomes.OutcomeInput input) {
        return Response.status(Response.Status.CREATED).entity(outcomes.record(leadId, input)).build();
    }

    @GET
    @Path("/leads/{leadId}/outcomes")
    @Operation(summary = "The outcomes sales reported for a lead, each with the score the lead had then")
    public List<CrmOutcome.View> outcomes(@PathParam("leadId") String leadId) {
        return outcomes.of(leadId);
    }

    public record JobStatus(String job, String every, JobRun.View lastRun, JobRun.View lastCompletedRun,
            RescoreJob.Backlog backlog) {
    }

    @GET
    @Path("/jobs/rescore")
    @Operation(summary = "The time-driven re-scoring job: last run, counts, leads due and how late the oldest is")
    public JobStatus rescoreStatus() {
        RescoreJob.Backlog backlog = job.backlog();
        return QuarkusTransaction.requiringNew().call(() -> {
            JobRun last = JobRun.<JobRun>find("job = ?1 order by startedAt desc, id desc", RescoreJob.JOB).firstResult();
            JobRun done = JobRun.<JobRun>find("job = ?1 and status = ?2 order by startedAt desc, id desc",
                    RescoreJob.JOB, JobRun.DONE).firstResult();
            return new JobStatus(RescoreJob.JOB, config.rescore().every(), last == null ? null : last.view(),
                    done == null ? null : done.view(), backlog);
        });
    }
}
