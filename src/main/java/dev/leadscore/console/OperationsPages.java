package dev.leadscore.console;

import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
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
import org.jboss.resteasy.reactive.RestForm;

import dev.leadscore.lifecycle.RescoreJob;
import dev.leadscore.notify.Notifications;
import dev.leadscore.notify.OutboxMessage;
import dev.leadscore.scoring.RescoreProgress;
import dev.leadscore.leads.RescoreJobs;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.security.ApiKeyService;
import dev.leadscore.security.ApiKeyView;
import dev.leadscore.security.NewApiKey;
import dev.leadscore.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The operator's page: the re-scoring jobs, webhook deliveries and dead letters with redrive,
 * and (admin) the API keys. It calls the same services and endpoints as the API, so the roles
 * and the rules of each action are the API's.
 */
@Path("/console/operations")
@Produces(MediaType.TEXT_HTML)
public class OperationsPages {
    static final List<String> STATUSES = List.of(OutboxMessage.DEAD, OutboxMessage.PENDING, OutboxMessage.DELIVERED);

    @Inject
    ConsolePages pages;
    @Inject
    RescoreJob rescoreJob;
    @Inject
    Notifications notifications;
    @Inject
    RescoreJobs rescoreJobs;
    @Inject
    RulesetRegistry rulesets;
    @Inject
    ApiKeyService keys;
    @Inject
    Validator validator;
    @Inject
    ConsoleConfig config;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance operations(Viewer me, OperationsView ops);
    }

    public record OperationsView(RescoreJob.Status timeJob, List<RescoreProgress> publishJobs,
            String status, List<String> statuses, List<OutboxMessage.View> messages, String previous, String next,
            List<ApiKeyView> keys, String previousKeys, String nextKeys, ApiKeyView created, List<String> keyErrors, NewKeyForm form, List<String> roles) {
    }

    /** What the admin typed into the new key form, shown again when it is refused. */
    public record NewKeyForm(String name, String role, String source, String rateLimit) {
    }

    @GET
    @RolesAllowed({ Roles.REVOPS, Roles.ADMIN })
    @Operation(hidden = true)
    public TemplateInstance operations(@QueryParam("status") @DefaultValue("DEAD") String status,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("keys") @DefaultValue("0") int keysPage) {
        return page(status, page, keysPage, null, List.of(), new NewKeyForm("", Roles.REVOPS, "", ""));
    }

    @POST
    @Path("/keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    @Operation(hidden = true)
    public Response createKey(@RestForm String name, @RestForm String role, @RestForm String source,
            @RestForm String rateLimit) {
        NewKeyForm form = new NewKeyForm(name, role, source, rateLimit);
        Long perMinute = null;
        List<String> errors = new java.util.ArrayList<>();
        if (rateLimit != null && !rateLimit.isBlank()) {
            try {
                perMinute = Long.parseLong(rateLimit.strip());
            } catch (NumberFormatException e) {
                errors.add("Requests per minute: must be a whole number");
            }
        }
        NewApiKey request = new NewApiKey(name == null ? null : name.strip(), role,
                source == null || source.isBlank() ? null : source.strip(), perMinute);
        Set<ConstraintViolation<NewApiKey>> violations = validator.validate(request);
        violations.forEach(v -> errors.add(label(v.getPropertyPath().toString()) + ": " + v.getMessage()));
        if (!errors.isEmpty()) {
            return Response.status(422).entity(page(OutboxMessage.DEAD, 0, 0, null, errors.stream().sorted().toList(), form)).build();
        }
        // shown once, on this page: the key is not stored, only its hash
        return Response.ok(page(OutboxMessage.DEAD, 0, 0, keys.create(request), List.of(), new NewKeyForm("", Roles.REVOPS, "", "")))
                .build();
    }

    @POST
    @Path("/keys/{keyId}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    @Operation(hidden = true)
    public Response revokeKey(@PathParam("keyId") long keyId, @RestForm String _csrf) {
        keys.revoke(keyId);
        return ConsolePages.seeOther("/console/operations#keys");
    }

    @POST
    @Path("/notifications/{id}/redrive")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    @Operation(hidden = true)
    public Response redrive(@PathParam("id") long id, @RestForm String _csrf) {
        notifications.redrive(id);
        return ConsolePages.seeOther("/console/operations?status=DEAD#webhooks");
    }

    @POST
    @Path("/notifications/redrive")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    @Operation(hidden = true)
    public Response redriveAll(@RestForm String _csrf) {
        notifications.redriveAll();
        return ConsolePages.seeOther("/console/operations?status=DEAD#webhooks");
    }

    private TemplateInstance page(String status, int page, int keysPage, ApiKeyView created, List<String> keyErrors, NewKeyForm form) {
        Viewer me = pages.me();
        String s = STATUSES.contains(status) ? status : OutboxMessage.DEAD;
        int p = Math.max(0, page);
        int size = config.pageSize();
        List<OutboxMessage.View> shown = notifications.list(s, p, size);
        // keys are few: paged here, newest first
        List<ApiKeyView> allKeys = new java.util.ArrayList<>(me.admin() ? keys.list() : List.of());
        java.util.Collections.reverse(allKeys);
        int k = Math.max(0, keysPage);
        List<ApiKeyView> keysShown = allKeys.subList(Math.min(allKeys.size(), k * size), Math.min(allKeys.size(), (k + 1) * size));
        List<RescoreProgress> jobs = rulesets.activeModels().stream().map(m -> rescoreJobs.latest(m).orElse(null))
                .filter(java.util.Objects::nonNull).toList();
        return Templates.operations(me, new OperationsView(rescoreJob.status(), jobs, s, STATUSES, shown,
                p > 0 ? "/console/operations?status=" + s + "&page=" + (p - 1) + "#webhooks" : null,
                shown.size() == size ? "/console/operations?status=" + s + "&page=" + (p + 1) + "#webhooks" : null,
                keysShown, k > 0 ? "/console/operations?keys=" + (k - 1) + "#keys" : null,
                allKeys.size() > (k + 1) * size ? "/console/operations?keys=" + (k + 1) + "#keys" : null,
                created, keyErrors, form, Roles.ALL));
    }

    private static String label(String property) {
        return switch (property) {
            case "name" -> "Name";
            case "role" -> "Role";
            case "source" -> "Source";
            case "rateLimitPerMinute" -> "Requests per minute";
            default -> property;
        };
    }
}
