package dev.leadscore.notify;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.leadscore.api.ProblemException;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import dev.leadscore.security.Roles;

@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications", description = "Webhook deliveries of announced stage changes")
public class NotificationResource {
    private static final Set<String> STATUSES = Set.of(OutboxMessage.PENDING, OutboxMessage.DELIVERED, OutboxMessage.DEAD);

    @Inject
    Clock clock;

    @GET
    @RolesAllowed({ Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "Webhook messages by status (PENDING, DELIVERED, DEAD), newest first")
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutboxMessage.View> list(@QueryParam("status") @DefaultValue("DEAD") String status,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        if (!STATUSES.contains(status)) {
            throw ProblemException.invalidField("status", "must be one of PENDING, DELIVERED, DEAD");
        }
        if (page < 0 || size < 1 || size > 500) {
            throw ProblemException.invalidField(page < 0 ? "page" : "size", page < 0 ? "must be 0 or more" : "must be between 1 and 500");
        }
        return OutboxMessage.<OutboxMessage>find("status", Sort.descending("id"), status)
                .page(Page.of(page, size)).list().stream().map(OutboxMessage::view).toList();
    }

    @POST
    @Path("/{id}/redrive")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Send a dead message again: it gets a fresh set of attempts, starting now")
    @Transactional
    public OutboxMessage.View redrive(@PathParam("id") long id) {
        OutboxMessage m = OutboxMessage.findById(id);
        if (m == null) {
            throw ProblemException.notFound("Unknown notification " + id);
        }
        if (!OutboxMessage.DEAD.equals(m.status)) {
            throw ProblemException.invalidField("id", "notification " + id + " is " + m.status + "; only DEAD ones are re-driven");
        }
        m.status = OutboxMessage.PENDING;
        m.attempts = 0;
        m.nextAttemptAt = clock.instant();
        return m.view();
    }

    @POST
    @Path("/redrive")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Send every dead message again")
    @Transactional
    public RedriveAll redriveAll() {
        int n = OutboxMessage.update("status = ?1, attempts = 0, nextAttemptAt = ?2 where status = ?3",
                OutboxMessage.PENDING, clock.instant(), OutboxMessage.DEAD);
        return new RedriveAll(n);
    }

    public record RedriveAll(int redriven) {
    }
}
