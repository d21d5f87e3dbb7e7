package dev.leadscore.lifecycle;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import dev.leadscore.leads.AdjustmentRecord;
import dev.leadscore.leads.LeadRecord;
import dev.leadscore.leads.ScoreRecord;
import dev.leadscore.notify.Outbox;

/**
 * The one place stage changes are written: the record, and for an announced change the payload
 * the webhooks and the poll feed carry, queued to the outbox in the same transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class StageChanges {
    static final int TOP_REASONS = 3;

    @Inject
    Outbox outbox;

    /** Records a lead's change from {@code from} to {@code to}, explained by {@code score}. */
    public StageChange recordLead(LeadRecord lead, String from, String to, ScoreRecord score, String reason,
            boolean announced, Instant at) {
        return record(StageChange.LEAD, "lead.stage_changed", lead, from, to, score, reason, announced, at, Map.of());
    }

    /** Announces that {@code mergedIds} were merged into {@code lead}: they no longer exist, their events are its. */
    public StageChange recordMerge(LeadRecord lead, List<String> mergedIds, String stage, ScoreRecord score, Instant at) {
        return record(StageChange.MERGE, "lead.merged", lead, stage, stage, score,
                "merged " + String.join(", ", mergedIds) + " into " + lead.id, true, at, Map.of("mergedIds", mergedIds));
    }

    private StageChange record(String kind, String type, LeadRecord lead, String from, String to, ScoreRecord score,
            String reason, boolean announced, Instant at, Map<String, Object> extra) {
        StageChange c = change(kind, lead.model, from, to, reason, announced, at);
        c.leadId = lead.id;
        if (score != null) {
            c.fit = score.fit;
            c.engagement = score.engagement;
            c.total = score.total;
            c.band = score.band;
            c.activation = score.activation;
            c.rulesetVersion = score.rulesetVersion;
            c.scoreId = score.id;
        }
        c.persist();
        if (announced) {
            Map<String, Object> payload = base(c, type);
            payload.putAll(extra);
            Map<String, Object> who = new LinkedHashMap<>();
            if (lead.profile != null) {
                who.put("email", lead.profile.email());
                who.put("firstName", lead.profile.firstName());
                who.put("lastName", lead.profile.lastName());
                who.put("accountId", lead.profile.accountId());
                who.put("company", lead.profile.company() == null ? null : lead.profile.company().name());
            }
            payload.put("lead", who);
            if (score != null) {
                payload.put("score", scoreOf(score));
                payload.put("topReasons", topReasons(score.lines()));
                payload.put("adjustments", score.lines().stream().map(StageChanges::adjustment).toList());
            }
            announce(c, payload);
        }
        return c;
    }

    /** Records an account's escalation (or its end); always announced. */
    public StageChange recordAccount(String accountKey, String model, String from, String to, String reason,
            List<Map<String, Object>> contacts, Instant at) {
        StageChange c = change(StageChange.ACCOUNT, model, from, to, reason, true, at);
        c.accountKey = accountKey;
        c.persist();
        Map<String, Object> payload = base(c, "account.stage_changed");
        payload.put("contacts", contacts);
        announce(c, payload);
        return c;
    }

    private static StageChange change(String kind, String model, String from, String to, String reason,
            boolean announced, Instant at) {
        StageChange c = new StageChange();
        c.kind = kind;
        c.model = model;
        c.fromStage = from;
        c.toStage = to;
        c.at = at;
        c.reason = reason;
        c.announced = announced;
        return c;
    }

    private void announce(StageChange c, Map<String, Object> payload) {
        c.payload = payload;
        outbox.enqueue(c.id, payload);
    }

    private static Map<String, Object> base(StageChange c, String type) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", c.id);
        p.put("type", type);
        p.put("leadId", c.leadId);
        p.put("accountId", c.accountKey);
        p.put("model", c.model);
        p.put("from", c.fromStage);
        p.put("to", c.toStage);
        p.put("at", c.at.toString());
        p.put("reason", c.reason);
        p.put("rulesetVersion", c.rulesetVersion);
        return p;
    }

    static Map<String, Object> scoreOf(ScoreRecord s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fit", s.fit);
        m.put("engagement", s.engagement);
        m.put("total", s.total);
        m.put("band", s.band);
        m.put("stage", s.stage);
        m.put("activation", s.activation);
        m.put("existingCustomer", s.existingCustomer);
        m.put("asOf", s.asOf.toString());
        m.put("scoredAt", s.scoredAt.toString());
        m.put("lastActivityAt", s.lastActivityAt == null ? null : s.lastActivityAt.toString());
        m.put("workings", s.workings);
        return m;
    }

    /** The adjustments that moved the score most, largest first (ties: the order of the explanation). */
    static List<Map<String, Object>> topReasons(List<AdjustmentRecord> adjustments) {
        return adjustments.stream()
                .sorted(Comparator.comparingInt((AdjustmentRecord a) -> -Math.abs(a.points)))
                .limit(TOP_REASONS)
                .map(a -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("rule", a.rule);
                    m.put("points", a.points);
                    m.put("reason", a.reason);
                    return m;
                })
                .toList();
    }

    private static Map<String, Object> adjustment(AdjustmentRecord a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("category", a.category.name());
        m.put("rule", a.rule);
        m.put("points", a.points);
        m.put("reason", a.reason);
        m.put("source", a.source);
        m.put("eventId", a.eventId);
        return m;
    }
}
