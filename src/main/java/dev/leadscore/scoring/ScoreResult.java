package dev.leadscore.scoring;

import java.time.Instant;
import java.util.List;

/**
 * What the rules concluded for one lead as of one instant under one ruleset version. A pure
 * function of its inputs: the same facts, events, version and instant give the same result.
 * {@code adjustments} explain every point; {@code workings} say how the figures, band, stage and
 * activation were reached, one named line each.
 */
public record ScoreResult(String model, String rulesetVersion, Instant asOf, int fit, int engagement, int total,
        String band, String stage, Instant lastActivityAt, List<ScoredAdjustment> adjustments, Workings workings,
        String activation, boolean existingCustomer) {

    /** True when both results say the same thing (same version, figures, stage and adjustments). */
    public boolean sameOutcomeAs(ScoreResult other) {
        return other != null && rulesetVersion.equals(other.rulesetVersion) && fit == other.fit
                && engagement == other.engagement && total == other.total && band.equals(other.band)
                && stage.equals(other.stage) && adjustments.equals(other.adjustments)
                && java.util.Objects.equals(activation, other.activation) && existingCustomer == other.existingCustomer;
    }
}
