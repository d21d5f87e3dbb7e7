package dev.leadscore.console;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.leadscore.api.ProblemException;
import dev.leadscore.audit.AuditService;
import dev.leadscore.audit.Explanation;
import dev.leadscore.audit.RuleActivity;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.rules.RulesetVersions;
import dev.leadscore.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;

/** RevOps' audit: what each rule did per day next to the version changes, the change log, any lead explained. */
@Path("/console/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.MARKETING_OPS, Roles.REVOPS, Roles.ADMIN })
public class AuditPages {
    /** Rules drawn one by one; the rest are summed as "other rules". */
    static final int RULES_DRAWN = 8;
    static final int MAX_DAYS = 366;
    static final int VERSIONS_SHOWN = 20;

    @Inject
    ConsolePages pages;
    @Inject
    AuditService audit;
    @Inject
    RulesetRegistry rulesets;
    @Inject
    RulesetVersions versions;
    @Inject
    Charts charts;
    @Inject
    Clock clock;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance audit(Viewer me, AuditView audit);
    }

    /** A rule's activity over the whole window, for the table under the charts. */
    public record RuleTotal(String rule, String source, int firings, int points) {
    }

    public record AuditView(List<String> models, String model, String from, String to, String error, String firingsChart,
            String pointsChart, List<RuleTotal> rules, List<RuleActivity.Change> changes,
            List<RulesetVersions.VersionView> versions, String lead, String asOf, Explanation explanation,
            String explainError) {
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance audit(@QueryParam("model") String model, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("lead") String lead, @QueryParam("asOf") String asOf) {
        Viewer me = pages.me();
        String m = model == null || model.isBlank() ? rulesets.defaultModel() : model;
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String error = null;
        LocalDate start = today.minusDays(29);
        LocalDate end = today;
        try {
            end = to == null || to.isBlank() ? today : LocalDate.parse(to);
            start = from == null || from.isBlank() ? end.minusDays(29) : LocalDate.parse(from);
            if (start.isAfter(end)) {
                error = "The first day must not be after the last.";
            } else if (Duration.between(start.atStartOfDay(), end.atStartOfDay()).toDays() >= MAX_DAYS) {
                error = "Pick at most " + MAX_DAYS + " days.";
            }
        } catch (DateTimeParseException e) {
            error = "Pick the days with the date fields.";
        }
        if (error != null) {
            end = today;
            start = today.minusDays(29);
        }
        RuleActivity activity = audit.ruleActivity(m, start.atStartOfDay().toInstant(ZoneOffset.UTC),
                end.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        List<RuleTotal> totals = totals(activity);
        List<String> days = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            days.add(d.toString());
        }
        List<Charts.Marker> changes = activity.changes().stream()
                .map(c -> new Charts.Marker(LocalDate.ofInstant(c.activatedAt(), ZoneOffset.UTC).toString(), "v " + c.version()))
                .toList();
        Explanation explanation = null;
        String explainError = null;
        if (lead != null && !lead.isBlank()) {
            if (!me.readsLeads()) {
                throw new ForbiddenException();
            }
            try {
                explanation = audit.explain(lead.strip(), LeadPages.asOfInstant(asOf));
            } catch (DateTimeParseException e) {
                explainError = "Cannot read '" + asOf + "' as a date and time.";
            } catch (ProblemException e) {
                explainError = e.problem().detail();
            }
        }
        List<RulesetVersions.VersionView> log = versions.versions(m);
        return Templates.audit(me, new AuditView(rulesets.activeModels(), m, start.toString(), end.toString(), error,
                chart("Firings per rule per day", days, activity, totals, false, changes),
                chart("Points per rule per day", days, activity, totals, true, changes), totals, activity.changes(),
                log.subList(0, Math.min(VERSIONS_SHOWN, log.size())), lead == null ? "" : lead, asOf == null ? "" : asOf,
                explanation, explainError));
    }

    private static List<RuleTotal> totals(RuleActivity activity) {
        Map<String, int[]> byRule = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        for (RuleActivity.Day day : activity.days()) {
            for (RuleActivity.Rule r : day.rules()) {
                int[] t = byRule.computeIfAbsent(r.rule(), k -> new int[2]);
                t[0] += r.firings();
                t[1] += r.points();
                sources.putIfAbsent(r.rule(), r.source());
            }
        }
        return byRule.entrySet().stream()
                .map(e -> new RuleTotal(e.getKey(), sources.get(e.getKey()), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparingInt(RuleTotal::firings).reversed().thenComparing(RuleTotal::rule)).toList();
    }

    /** One line per busiest rule (firings or points per day), the others summed, version changes marked. */
    private String chart(String title, List<String> days, RuleActivity activity, List<RuleTotal> totals, boolean points,
            List<Charts.Marker> changes) {
        List<String> drawn = totals.stream().limit(RULES_DRAWN).map(RuleTotal::rule).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < days.size(); i++) {
            index.put(days.get(i), i);
        }
        Map<String, int[]> lines = new java.util.LinkedHashMap<>();
        drawn.forEach(r -> lines.put(r, new int[days.size()]));
        int[] other = new int[days.size()];
        for (RuleActivity.Day day : activity.days()) {
            Integer i = index.get(day.day().toString());
            if (i == null) {
                continue;
            }
            for (RuleActivity.Rule r : day.rules()) {
                int v = points ? r.points() : r.firings();
                (lines.containsKey(r.rule()) ? lines.get(r.rule()) : other)[i] += v;
            }
        }
        List<Charts.Line> series = new ArrayList<>();
        lines.forEach((rule, values) -> series.add(new Charts.Line(rule, box(values))));
        if (totals.size() > RULES_DRAWN) {
            series.add(new Charts.Line("Other rules", box(other)));
        }
        if (series.isEmpty()) {
            series.add(new Charts.Line("No rule fired", box(other)));
        }
        return charts.categories(title, days, series, changes, "line");
    }

    private static List<Integer> box(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }
}
