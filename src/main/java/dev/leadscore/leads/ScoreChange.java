package dev.leadscore.leads;

import java.util.ArrayList;
import java.util.List;

import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoredAdjustment;

/**
 * What a score says to the people who use it (figures, band, stage, activation, and each line of
 * the explanation by category, rule, points and event), without the wording of its reasons or
 * the version that computed it: "the score changed" means these differ. Every re-scoring pass
 * counts changed scores with it, and the time-driven job looks for the next instant it differs.
 * (Whether a new score <em>record</em> is stored is decided by {@link LeadScorer#fingerprint},
 * which also covers the version and the wording, so that the stored explanation stays current.)
 */
public record ScoreChange(int fit, int engagement, int total, String band, String stage, String activation,
        List<String> lines) {

    public static ScoreChange of(ScoreResult r) {
        List<String> lines = new ArrayList<>(r.adjustments().size());
        for (ScoredAdjustment a : r.adjustments()) {
            lines.add(a.category() + "|" + a.rule() + "|" + a.points() + "|" + a.eventId());
        }
        return new ScoreChange(r.fit(), r.engagement(), r.total(), r.band(), r.stage(), r.activation(), lines);
    }

    public static ScoreChange of(ScoreRecord s) {
        List<AdjustmentRecord> explanation = s.lines();
        List<String> lines = new ArrayList<>(explanation.size());
        for (AdjustmentRecord a : explanation) {
            lines.add(a.category + "|" + a.rule + "|" + a.points + "|" + a.eventId);
        }
        return new ScoreChange(s.fit, s.engagement, s.total, s.band, s.stage, s.activation, lines);
    }

    /** Whether the score went from {@code before} (null: none stored) to {@code after} says anything different. */
    public static boolean changed(ScoreRecord before, ScoreRecord after) {
        return before != after && (before == null || after == null || !of(before).equals(of(after)));
    }
}
