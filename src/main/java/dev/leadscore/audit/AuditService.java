package dev.leadscore.audit;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.jpa.HibernateHints;

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
    /** Scores read at a time to count rule activity. */
    private static final int ACTIVITY_PAGE = 500;

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
        for (AdjustmentRecord a : score.lines()) {
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

    /** A rule (by name and where it is written) on one day (UTC), ordered as the rule activity lists them. */
    private record RuleOfDay(LocalDate day, String rule, String source) implements Comparable<RuleOfDay> {
        private static final Comparator<RuleOfDay> ORDER = Comparator.comparing(RuleOfDay::day)
                .thenComparing(RuleOfDay::rule, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(RuleOfDay::source, Comparator.nullsLast(Comparator.naturalOrder()));

        @Override
        public int compareTo(RuleOfDay o) {
            return ORDER.compare(this, o);
        }
    }

    /** How often a rule fired on a day, for how many leads, and the points it gave. */
    private static final class RuleCount {
        int firings;
        int points;
        final Set<String> leads = new HashSet<>();

        void add(String leadId, int linePoints) {
            firings++;
            points += linePoints;
            leads.add(leadId);
        }
    }

    /**
     * Rule activity per day, and the version changes in the window. Outside any caller's
     * transaction: it empties its own persistence context as it goes, page after page of scores.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
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
        // every line of every score stored in the window, rebuilt a page of scores at a time, in the
        // order of the index on (model, scored_at)
        Map<RuleOfDay, RuleCount> counts = new TreeMap<>();
        Instant afterTime = from;
        long afterId = Long.MIN_VALUE;
        while (true) {
            List<ScoreRecord> scores = em.createQuery("from ScoreRecord s where s.model = :model and s.scoredAt >= :from "
                    + "and s.scoredAt < :to and (s.scoredAt > :afterTime or (s.scoredAt = :afterTime and s.id > :afterId)) "
                    + "order by s.scoredAt, s.id", ScoreRecord.class)
                    .setParameter("model", model).setParameter("from", from).setParameter("to", to)
                    .setParameter("afterTime", afterTime).setParameter("afterId", afterId)
                    .setHint(HibernateHints.HINT_READ_ONLY, true).setMaxResults(ACTIVITY_PAGE).getResultList();
            if (scores.isEmpty()) {
                break;
            }
            ScoreRecord.rebuildLines(scores);
            for (ScoreRecord s : scores) {
                LocalDate day = s.scoredAt.atZone(ZoneOffset.UTC).toLocalDate();
                for (AdjustmentRecord a : s.lines()) {
                    counts.computeIfAbsent(new RuleOfDay(day, a.rule, a.source), k -> new RuleCount()).add(s.leadId, a.points);
                }
            }
            ScoreRecord last = scores.get(scores.size() - 1);
            afterTime = last.scoredAt;
            afterId = last.id;
            // a read: the pages already counted need not stay in memory
            em.clear();
        }
        counts.forEach((key, count) -> days.get(key.day()).rules().add(new RuleActivity.Rule(key.rule(), readable(key.source()),
                count.firings, count.leads.size(), count.points)));
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
