package dev.leadscore.scoring;

import java.time.Instant;

/** An adjustment as reported and stored: the points, the rule, why, and where the rule is written. */
public record ScoredAdjustment(Category category, String rule, int points, String reason, String source,
        String eventId, Instant occurredAt) {
}
