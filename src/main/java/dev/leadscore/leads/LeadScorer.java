package dev.leadscore.leads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoredAdjustment;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.scoring.Stage;

/**
 * Scores a stored, locked lead as of now under its model's active ruleset and stores the score
 * when it says anything new: the one place where a stored lead's score is written, whatever made
 * the service score it (a profile, events, a merge, any re-scoring pass), and the one definition
 * of "the score changed" ({@link #fingerprint}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class LeadScorer {
    @Inject
    ActiveRulesets rulesets;
    @Inject
    ScoringEngine engine;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    @Inject
    Event<LeadScored> scored;
    @Inject
    LeadEventCache eventCache;

    /** Re-scores the lead with its stored events and returns its current score. */
    ScoreView rescore(LeadRecord lead, String cause) {
        return ScoreView.of(rescore(lead, eventCache.events(lead), previous(lead), cause), lead);
    }

    /**
     * The lead's events changed (added, or moved in by a merge): re-scores it with {@code events},
     * and moves the lead's version even when the score stays, so every instance's cached events
     * of the lead become stale.
     */
    ScoreRecord eventsChanged(LeadRecord lead, List<ActivityEvent> events, String cause) {
        return eventsChanged(lead, events, previous(lead), cause);
    }

    /** As {@link #eventsChanged(LeadRecord, List, String)}, with the lead's latest score {@code before} already read. */
    ScoreRecord eventsChanged(LeadRecord lead, List<ActivityEvent> events, ScoreRecord before, String cause) {
        ScoreRecord after = rescore(lead, events, before, cause);
        if (after == before) {
            // the row is held with PESSIMISTIC_WRITE: only a stronger mode makes Hibernate move the version
            em.lock(lead, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
        }
        eventCache.remember(lead, events, after);
        return after;
    }

    /** The latest scores of locked leads (absent: never scored), those not kept with their events read in one query. */
    Map<String, ScoreRecord> latest(Collection<LeadRecord> leads) {
        Map<String, ScoreRecord> out = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (LeadRecord lead : leads) {
            ScoreRecord kept = eventCache.latest(lead);
            if (kept != null) {
                out.put(lead.id, kept);
            } else if (lead.latestScoreId != null) {
                missing.add(lead.latestScoreId);
            }
        }
        if (!missing.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<ScoreRecord> found = em.createNativeQuery("select * from score_record where id = any(?1)", ScoreRecord.class)
                    .setParameter(1, missing.toArray(Long[]::new)).getResultList();
            found.forEach(s -> out.put(s.leadId, s));
            ScoreRecord.rebuildLines(found);
        }
        return out;
    }

    /**
     * Scores the lead with {@code events} and compares with {@code previous}, its latest stored
     * score (null: never scored). Returns the lead's current score record: a new one if the
     * fingerprints differ, else {@code previous}.
     */
    public ScoreRecord rescore(LeadRecord lead, List<ActivityEvent> events, ScoreRecord previous, String cause) {
        Instant now = clock.instant();
        ScoreResult result = engine.score(rulesets.require(lead.model), lead.profile.toFact(lead.id), events, now);
        String fingerprint = fingerprint(result);
        if (previous != null && previous.fingerprint.equals(fingerprint)) {
            return previous;
        }
        ScoreRecord stored = store(lead, result, now, cause, fingerprint, previous);
        if (Stage.isMql(result.stage()) && lead.mqlAt == null) {
            lead.mqlAt = now;
        }
        if (Stage.PQL.equals(result.stage()) && lead.pqlAt == null) {
            lead.pqlAt = now;
        }
        lead.lastActivityAt = result.lastActivityAt();
        lead.latestScoreId = stored.id;
        scored.fire(new LeadScored(lead, previous, stored, result));
        return stored;
    }

    /** The lead fact the rules see for a stored lead. */
    public dev.leadscore.scoring.Lead factOf(LeadRecord lead) {
        return lead.profile.toFact(lead.id);
    }

    private ScoreRecord previous(LeadRecord lead) {
        ScoreRecord kept = eventCache.latest(lead);
        return kept != null || lead.latestScoreId == null ? kept : ScoreRecord.findById(lead.latestScoreId);
    }

    private static ScoreRecord store(LeadRecord lead, ScoreResult result, Instant now, String cause, String fingerprint,
            ScoreRecord previous) {
        ScoreRecord s = new ScoreRecord();
        s.leadId = lead.id;
        s.model = result.model();
        s.rulesetVersion = result.rulesetVersion();
        s.asOf = result.asOf();
        s.scoredAt = now;
        s.fit = result.fit();
        s.engagement = result.engagement();
        s.total = result.total();
        s.band = result.band();
        s.stage = result.stage();
        s.lastActivityAt = result.lastActivityAt();
        s.activation = result.activation();
        s.existingCustomer = result.existingCustomer();
        s.cause = cause;
        s.fingerprint = fingerprint;
        s.workings = result.workings().lines();
        List<AdjustmentRecord> lines = new ArrayList<>(result.adjustments().size());
        for (ScoredAdjustment a : result.adjustments()) {
            lines.add(AdjustmentRecord.of(a));
        }
        s.setLines(lines, previous);
        s.persist();
        return s;
    }

    /**
     * Everything a score says except when it was computed: equal fingerprints mean the score did
     * not change, and no new score is stored. The one definition every path uses.
     */
    static String fingerprint(ScoreResult r) {
        StringBuilder s = new StringBuilder(128 + 96 * r.adjustments().size())
                .append(r.model()).append('|').append(r.rulesetVersion()).append('|').append(r.fit()).append('|')
                .append(r.engagement()).append('|').append(r.total()).append('|').append(r.band()).append('|')
                .append(r.stage()).append('|').append(r.lastActivityAt()).append('|').append(r.activation())
                .append('|').append(r.existingCustomer());
        for (ScoredAdjustment a : r.adjustments()) {
            s.append('\n').append(a.category()).append('|').append(a.rule()).append('|').append(a.points())
                    .append('|').append(a.reason()).append('|').append(a.source()).append('|').append(a.eventId());
        }
        return HexFormat.of().formatHex(sha256().digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static final MessageDigest SHA_256 = newSha256();

    /** A fresh digest: a copy of an unused one, cheaper than looking the provider up for every score. */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
