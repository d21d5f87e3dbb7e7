package dev.leadscore.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.leadscore.leads.AdjustmentView;
import dev.leadscore.leads.EventRecord;
import dev.leadscore.leads.LeadProfile;
import dev.leadscore.leads.LeadRecord;
import dev.leadscore.leads.LeadReads;
import dev.leadscore.leads.Page;
import dev.leadscore.leads.ScoreView;
import dev.leadscore.lifecycle.CrmOutcome;
import dev.leadscore.lifecycle.Outcomes;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.scoring.Category;
import dev.leadscore.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** RevOps' leads: the list, and one lead's score, its reasons, its history, events and outcomes. */
@Path("/console/leads")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Roles.REVOPS, Roles.ADMIN })
public class LeadPages {
    static final int HISTORY_POINTS = 500;
    static final int EVENTS_PER_PAGE = 20;

    @Inject
    ConsolePages pages;
    @Inject
    LeadQueries queries;
    @Inject
    LeadReads leads;
    @Inject
    Outcomes outcomes;
    @Inject
    RulesetRegistry rulesets;
    @Inject
    ConsoleConfig config;
    @Inject
    Charts charts;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance leads(Viewer me, LeadQueries.Filter filter, LeadQueries.Rows rows, List<String> models,
                List<String> bands, List<String> stages, String previous, String next);

        static native TemplateInstance lead(Viewer me, LeadView lead);
    }

    /** A line of the score's explanation, with where the rule is written. */
    public record Point(String category, String rule, int points, String reason, CellReference source, String eventId) {
    }

    /** Everything the lead page shows. */
    public record LeadView(String id, String name, LeadProfile profile, String model, ScoreView score, String stage,
            String asOfInput, String asOfError, List<Point> points, String historyChart, int historySize,
            Page<EventRecord.View> events, String previousEvents, String nextEvents, List<CrmOutcome.View> outcomes) {
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list(@QueryParam("model") String model, @QueryParam("band") String band,
            @QueryParam("stage") String stage, @QueryParam("source") String source, @QueryParam("q") String text,
            @QueryParam("page") @DefaultValue("0") int page) {
        LeadQueries.Filter filter = new LeadQueries.Filter(model, band, stage, source, text);
        LeadQueries.Rows rows = queries.find(filter, Math.max(0, page), config.pageSize());
        return Templates.leads(pages.me(), filter, rows, rulesets.activeModels(), LeadQueries.BANDS, LeadQueries.STAGES,
                rows.hasPrevious() ? listLink(filter, rows.page() - 1) : null,
                rows.hasNext() ? listLink(filter, rows.page() + 1) : null);
    }

    @GET
    @Path("/{leadId}")
    @Operation(hidden = true)
    public TemplateInstance lead(@PathParam("leadId") String leadId, @QueryParam("asOf") String asOf,
            @QueryParam("events") @DefaultValue("0") int eventsPage) {
        Viewer me = pages.me();
        Instant at = null;
        String asOfError = null;
        try {
            at = asOfInstant(asOf);
        } catch (DateTimeParseException e) {
            asOfError = "Cannot read '" + asOf + "' as a date and time; pick one in the field.";
        }
        ScoreView score = leads.score(leadId, at);
        LeadRecord record = LeadRecord.findById(leadId);
        List<Point> points = score.adjustments().stream().map(LeadPages::point).toList();
        List<ScoreView> history = new ArrayList<>(leads.history(leadId, 0, HISTORY_POINTS).items());
        Collections.reverse(history);
        Page<EventRecord.View> events = leads.events(leadId, Math.max(0, eventsPage), EVENTS_PER_PAGE);
        String base = "/console/leads/" + encode(leadId) + (at == null ? "?" : "?asOf=" + encode(asOf) + "&");
        String previousEvents = events.page() > 0 ? base + "events=" + (events.page() - 1) : null;
        String nextEvents = (long) (events.page() + 1) * events.size() < events.total() ? base + "events=" + (events.page() + 1) : null;
        String lifecycle = at == null ? queries.lifecycleStage(leadId) : null;
        LeadProfile p = record.profile;
        return Templates.lead(me, new LeadView(leadId, LeadQueries.name(p.firstName(), p.lastName()), p, record.model,
                score, lifecycle != null ? lifecycle : score.stage(), asOf == null ? "" : asOf, asOfError, points,
                historyChart(history), history.size(), events, previousEvents, nextEvents, outcomes.of(leadId)));
    }

    /** Fit, engagement and total of every stored score, the stage changes marked. */
    private String historyChart(List<ScoreView> history) {
        List<List<Object>> fit = new ArrayList<>();
        List<List<Object>> engagement = new ArrayList<>();
        List<List<Object>> total = new ArrayList<>();
        List<Charts.Marker> stageChanges = new ArrayList<>();
        String stage = null;
        for (ScoreView s : history) {
            long at = s.asOf().toEpochMilli();
            fit.add(List.of(at, s.fit()));
            engagement.add(List.of(at, s.engagement()));
            total.add(List.of(at, s.total()));
            if (stage != null && !stage.equals(s.stage())) {
                stageChanges.add(new Charts.Marker(at, s.stage()));
            }
            stage = s.stage();
        }
        return charts.timeLines("Score over time", List.of(new Charts.Line("Total", total), new Charts.Line("Fit", fit),
                new Charts.Line("Engagement", engagement)), stageChanges, true);
    }

    private static Point point(AdjustmentView a) {
        return new Point(title(a.category()), a.rule(), a.points(), a.reason(), CellReference.parse(a.source()), a.eventId());
    }

    private static final Map<Category, String> TITLES = new LinkedHashMap<>(Map.of(Category.FIT, "Fit",
            Category.ENGAGEMENT, "Engagement", Category.NEGATIVE, "Negative", Category.DECAY, "Decay"));

    private static String title(Category c) {
        return c == null ? "" : TITLES.getOrDefault(c, c.name());
    }

    /** An instant, a date-time from the browser's picker (UTC), or a date (its start, UTC); blank for now. */
    static Instant asOfInstant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDateTime) {
                return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
        }
    }

    private static String listLink(LeadQueries.Filter f, int page) {
        StringBuilder s = new StringBuilder("/console/leads?page=").append(page);
        param(s, "model", f.model());
        param(s, "band", f.band());
        param(s, "stage", f.stage());
        param(s, "source", f.source());
        param(s, "q", f.text());
        return s.toString();
    }

    private static void param(StringBuilder s, String name, String value) {
        if (value != null && !value.isBlank()) {
            s.append('&').append(name).append('=').append(encode(value));
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
