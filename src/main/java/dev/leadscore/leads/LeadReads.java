package dev.leadscore.leads;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.hibernate.jpa.HibernateHints;

import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;
import io.quarkus.panache.common.Sort;

/** Reads a stored lead's score (now or as of any instant), its score history and its events; writes nothing. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class LeadReads {
    @Inject
    ActiveRulesets rulesets;
    @Inject
    ScoringEngine engine;
    @Inject
    Clock clock;
    @Inject
    LeadLocks locks;

    /** The lead's latest stored score, or (with {@code asOf}) its score as of that instant under the active ruleset. */
    public ScoreView score(String leadId, Instant asOf) {
        LeadRecord lead = locks.find(leadId);
        if (asOf == null) {
            return latest(lead);
        }
        List<dev.leadscore.scoring.ActivityEvent> events = EventRecord.<EventRecord>find("leadId", leadId)
                .withHint(HibernateHints.HINT_READ_ONLY, true).stream().map(EventRecord::toFact).toList();
        ScoreResult result = engine.score(rulesets.require(lead.model), lead.profile.toFact(lead.id), events, asOf);
        return ScoreView.of(lead.id, result, clock.instant(), before(lead.mqlAt, asOf), before(lead.pqlAt, asOf));
    }

    public Page<ScoreView> history(String leadId, int page, int size) {
        LeadRecord lead = locks.find(leadId);
        var query = ScoreRecord.<ScoreRecord>find("leadId", Sort.descending("scoredAt", "id"), leadId);
        List<ScoreRecord> scores = query.page(page, size).list();
        ScoreRecord.rebuildLines(scores);
        List<ScoreView> items = scores.stream().map(s -> ScoreView.of(s, lead)).toList();
        return new Page<>(items, page, size, query.count());
    }

    public Page<EventRecord.View> events(String leadId, int page, int size) {
        locks.find(leadId);
        var query = EventRecord.<EventRecord>find("leadId", Sort.descending("occurredAt", "id"), leadId);
        List<EventRecord.View> items = query.page(page, size).list().stream().map(EventRecord::view).toList();
        return new Page<>(items, page, size, query.count());
    }

    /** The lead's latest stored score; 404 when it has none yet. */
    static ScoreView latest(LeadRecord lead) {
        if (lead.latestScoreId == null) {
            throw ProblemException.notFound("Lead '" + lead.id + "' has no score yet");
        }
        return ScoreView.of(ScoreRecord.findById(lead.latestScoreId), lead);
    }

    private static Instant before(Instant t, Instant asOf) {
        return t != null && !t.isAfter(asOf) ? t : null;
    }
}
