package dev.leadscore.leads;

import java.time.Instant;
import java.util.Objects;

import dev.leadscore.scoring.Category;
import dev.leadscore.scoring.ScoredAdjustment;

/**
 * One stored line of a score's explanation. A score's lines are stored with it, in order, in a
 * JSON column: whole, or as edits of the lines of the score before it ({@link ScoreLines}).
 */
public class AdjustmentRecord {
    public Category category;
    public String rule;
    public int points;
    public String reason;
    public String source;
    public String eventId;
    public Instant occurredAt;

    static AdjustmentRecord of(ScoredAdjustment a) {
        AdjustmentRecord r = new AdjustmentRecord();
        r.category = a.category();
        r.rule = a.rule();
        r.points = a.points();
        r.reason = a.reason();
        r.source = a.source();
        r.eventId = a.eventId();
        r.occurredAt = a.occurredAt();
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdjustmentRecord a && points == a.points && category == a.category && Objects.equals(rule, a.rule)
                && Objects.equals(reason, a.reason) && Objects.equals(source, a.source) && Objects.equals(eventId, a.eventId)
                && Objects.equals(occurredAt, a.occurredAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(category, rule, points, reason, source, eventId, occurredAt);
    }
}
