package dev.leadscore.audit;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import jakarta.annotation.security.RolesAllowed;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.leadscore.api.Instants;
import dev.leadscore.api.ProblemException;
import dev.leadscore.security.Roles;

/** What the rules did over time: rule firings and points per day, next to the version changes. */
@Path("/api/audit/rules")
@RolesAllowed({ Roles.MARKETING_OPS, Roles.REVOPS, Roles.ADMIN })
@Tag(name = "Audit", description = "Explanations of stored scores and rule activity over time")
public class AuditResource {
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    @Inject
    AuditService audit;
    @Inject
    java.time.Clock clock;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How often each rule fired and the points it gave per day, with the version changes in the window")
    public RuleActivity rules(@QueryParam("model") String model, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        if (model == null || model.isBlank()) {
            throw ProblemException.invalidField("model", "name the model, e.g. ?model=sales-led");
        }
        Instant end = to == null || to.isBlank() ? clock.instant() : bound("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(30)) : bound("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.invalidField("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw ProblemException.invalidField("from", "the window may span at most 366 days");
        }
        return audit.ruleActivity(model, start, end);
    }

    /** A date (midnight UTC; for "to", the day is included) or an instant. */
    private static Instant bound(String field, String value) {
        try {
            LocalDate day = LocalDate.parse(value);
            return Instants.require(field, (field.equals("to") ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notADate) {
            try {
                return Instants.require(field, Instant.parse(value));
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField(field, "cannot read '" + value + "' as a date (2026-03-03) or an instant");
            }
        } catch (DateTimeException beyondTheCalendar) {
            throw ProblemException.invalidField(field, Instants.RANGE);
        }
    }
}
