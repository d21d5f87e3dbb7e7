package dev.leadscore.leads;

import java.time.Instant;
import java.util.List;

import dev.leadscore.scoring.ScoreResult;

/**
 * A score as the API returns it. {@code adjustments} explain every point; {@code workings} show
 * how they were combined, the band and the stage decision.
 */
public record ScoreView(String leadId, String model, String rulesetVersion, Instant asOf, Instant scoredAt,
        int fit, int engagement, int total, String band, String stage, Instant mqlAt, Instant pqlAt,
        Instant lastActivityAt, String activation, boolean existingCustomer, List<AdjustmentView> adjustments,
        List<String> workings) {

    static ScoreView of(String leadId, ScoreResult r, Instant scoredAt, Instant mqlAt, Instant pqlAt) {
        return new ScoreView(leadId, r.model(), r.rulesetVersion(), r.asOf(), scoredAt, r.fit(), r.engagement(),
                r.total(), r.band(), r.stage(), mqlAt, pqlAt, r.lastActivityAt(), r.activation(), r.existingCustomer(),
                r.adjustments().stream().map(AdjustmentView::of).toList(), r.workings().lines());
    }

    static ScoreView of(ScoreRecord s, LeadRecord lead) {
        return new ScoreView(s.leadId, s.model, s.rulesetVersion, s.asOf, s.scoredAt, s.fit, s.engagement, s.total,
                s.band, s.stage, lead.mqlAt, lead.pqlAt, s.lastActivityAt, s.activation, s.existingCustomer,
                s.lines().stream().map(AdjustmentView::of).toList(), s.workings);
    }
}
