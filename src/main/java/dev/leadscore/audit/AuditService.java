package dev.leadscore.audit;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.leadscore.api.LeadIds;
import dev.leadscore.api.ProblemException;
import dev.leadscore.leads.AdjustmentRecord;
import dev.leadscore.leads.LeadRecord;
import dev.leadscore.leads.ScoreRecord;
import dev.leadscore.rules.ActivationRecord;
import dev.leadscore.rules.RulesetRegistry;
import dev.leadscore.rules.RulesetVersionRecord;
import dev.leadscore.scoring.Category;
import io.quarkus.panache.common.Sort;

/** Reads the stored scores back for RevOps: explanations of one lead, rule activity over time. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AuditService {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final Map<Category, String> TITLES = Map.of(
            Category.FIT, "Fit: who the lead is",
            Category.ENGAGEMENT, "Engagement: what the lead did (after caps)",
            Category.NEGATIVE, "Negatives: evidence against the lead",
            Category.DECAY, "Decay: engagement points lost to time");

    @Inject
    EntityManager em;
    @Inject
    RulesetRegistry registry;

    /** The stored score in effect at {@code asOf} (the latest when null), explained. */
    public Explanation explain(String leadId, Instant asOf) {
        LeadRecord lead = LeadRecord.findById(leadId);
        if (lead == null) {
            throw LeadIds.unknown(leadId);
        }
        ScoreRecord score = asOf == null ? ScoreRecord.findById(lead.latestScoreId)
                : ScoreRecord.<ScoreRecord>find("leadId = ?1 and scoredAt <= ?2", Sort.descending("scoredAt", "id"), leadId, asOf)
                        .firstResult();
        if (score == null) {
            throw ProblemException.notFound("Lead '" + leadId + "' had no stored score"
                    + (asOf == null ? "" : " on or before " + asOf));
        }
        ActivationRecord live = ActivationRecord.<ActivationRecord>find("model = ?1 and version = ?2 and activatedAt <= ?3",
                Sort.descending("activatedAt", "id"), score.model, score.rulesetVersion, score.scoredAt).firstResult();
        Map<Category, List<Explanation.Line>> lines = new LinkedHashMap<>();
        for (Category c : List.of(Category.FIT, Category.NEGATIVE, Category.ENGAGEMENT, Category.DECAY)) {
            lines.put(c, new ArrayList<>());
        }
        for (AdjustmentRecord a : score.adjustments) {
            String where = readable(a.source);
            String text = Explanation.signed(a.points) + "  " + a.rule + ": " + a.reason
                    + (a.eventId == null ? "" : " (event " + a.eventId + ")") + (where == null ? "" : " [" + where + "]");
            lines.get(a.category).add(new Explanation.Line(a.rule, a.points, a.reason, where, a.eventId, text));
        }
        List<Explanation.Section> sections = new ArrayList<>();
        lines.forEach((category, l) -> {
            if (!l.isEmpty()) {
                sections.add(new Explanation.Section(TITLES.get(category),
                        l.stream().mapToInt(Explanation.Line::points).sum(), List.copyOf(l)));
            }
        });
        String summary = "As of " + WHEN.format(asOf == null ? score.scoredAt : asOf) + ", lead " + leadId + " had a score of "
                + score.total + " (fit " + score.fit + ", engagement " + score.engagement + "): band " + score.band
                + ", stage " + score.stage + ". Scored " + WHEN.format(score.scoredAt) + " (" + score.cause + ") with the "
                + score.model + " rules, version " + score.rulesetVersion
                + (live == null ? "" : ", live since " + WHEN.format(live.activatedAt) + " (" + live.reason + ")") + ".";
        return new Explanation(leadId, score.model, score.rulesetVersion, live == null ? null : live.activatedAt,
                asOf == null ? score.scoredAt : asOf, score.scoredAt, score.cause, score.fit, score.engagement, score.total,
                score.band, score.stage, summary, sections, score.workings == null ? List.of() : score.workings);
    }

    /** "engagement.xlsx!Engagement!A5" -> "engagement.xlsx, sheet Engagement, row 5 (cell A5)". */
    static String readable(String source) {
        if (source == null) {
            return null;
        }
        String[] parts = source.split("!");
        if (parts.length == 3) {
            return parts[0] + ", sheet " + parts[1] + ", row " + parts[2].replaceAll("[A-Z]", "") + " (cell " + parts[2] + ")";
        }
        int colon = source.lastIndexOf(':');
        return colon > 0 ? source.substring(0, colon) + ", line " + source.substring(colon + 1) : source;
    }

    private static LocalDate day(Object column) {
        return column instanceof Date d ? d.toLocalDate() : (LocalDate) column;
    }

    /** Rule activity per day, and the version changes in the window. */
    public RuleActivity ruleActivity(String model, Instant from, Instant to) {
        registry.require(model);
        Map<LocalDate, RuleActivity.Day> days = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> daily = em.createNativeQuery("""
                select cast(s.scored_at at time zone 'UTC' as date) as day, count(*) as scores,
                       count(distinct s.lead_id) as leads,
                       count(distinct case when s.stage in ('MQL', 'SALES_READY', 'PQL') then s.lead_id end) as qualified,
                       string_agg(distinct s.ruleset_version, ',') as versions
                from score_record s
                where s.model = ?1 and s.scored_at >= ?2 and s.scored_at < ?3
                group by 1 order by 1""")
                .setParameter(1, model).setParameter(2, from).setParameter(3, to).getResultList();
        for (Object[] row : daily) {
            LocalDate day = day(row[0]);
            days.put(day, new RuleActivity.Day(day, ((Number) row[1]).intValue(), ((Number) row[2]).intValue(),
                    ((Number) row[3]).intValue(), List.of(((String) row[4]).split(",")), new ArrayList<>()));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rules = em.createNativeQuery("""
                select cast(s.scored_at at time zone 'UTC' as date) as day, a.rule, a.source, count(*) as firings,
                       count(distinct s.lead_id) as leads, sum(a.points) as points
                from score_record s
                cross join jsonb_to_recordset(s.adjustments) as a(rule text, source text, points integer)
                where s.model = ?1 and s.scored_at >= ?2 and s.scored_at < ?3
                group by 1, 2, 3 order by 1, 2, 3""")
                .setParameter(1, model).setParameter(2, from).setParameter(3, to).getResultList();
        for (Object[] row : rules) {
            RuleActivity.Day day = days.get(day(row[0]));
            day.rules().add(new RuleActivity.Rule((String) row[1], readable((String) row[2]), ((Number) row[3]).intValue(),
                    ((Number) row[4]).intValue(), ((Number) row[5]).intValue()));
        }
        List<RuleActivity.Change> changes = new ArrayList<>();
        for (ActivationRecord a : ActivationRecord.<ActivationRecord>list("model = ?1 and activatedAt >= ?2 and activatedAt < ?3",
                Sort.ascending("activatedAt", "id"), model, from, to)) {
            RulesetVersionRecord v = RulesetVersionRecord.find(model, a.version);
            changes.add(new RuleActivity.Change(a.activatedAt, a.version, a.activatedBy, a.reason,
                    v == null ? null : v.changeSummary));
        }
        return new RuleActivity(model, from, to, List.copyOf(days.values()), changes);
    }
}
