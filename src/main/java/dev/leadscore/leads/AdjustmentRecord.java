package dev.leadscore.leads;

import java.time.Instant;

import dev.leadscore.scoring.Category;
import dev.leadscore.scoring.ScoredAdjustment;

/**
 * One stored line of a score's explanation. A score's lines are stored with it, in order, as one
 * JSON column ({@link ScoreRecord#adjustments}): one row per score instead of one per line.
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
}
