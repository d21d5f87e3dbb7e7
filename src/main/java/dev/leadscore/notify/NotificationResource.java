package dev.leadscore.notify;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import dev.leadscore.security.Roles;

@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications", description = "Webhook deliveries of announced stage changes")
public class NotificationResource {
    static final int MAX_PAGE_SIZE = 500;

    @Inject
    Notifications notifications;

    @GET
    @RolesAllowed({ Roles.REVOPS, Roles.ADMIN })
    @Operation(summary = "Webhook messages by status (PENDING, DELIVERED, DEAD), newest first")
    public List<OutboxMessage.View> list(@QueryParam("status") @DefaultValue("DEAD") String status,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.invalidField(page < 0 ? "page" : "size",
                    page < 0 ? "must be 0 or more" : "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return notifications.list(status, page, size);
    }

    @POST
    @Path("/{id}/redrive")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Send a dead message again: it gets a fresh set of attempts, starting now")
    public OutboxMessage.View redrive(@PathParam("id") long id) {
        return notifications.redrive(id);
    }

    @POST
    @Path("/redrive")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Send every dead message again")
    public RedriveAll redriveAll() {
        return new RedriveAll(notifications.redriveAll());
    }

    public record RedriveAll(int redriven) {
    }
}
