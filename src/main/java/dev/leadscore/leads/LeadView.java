package dev.leadscore.leads;

import java.time.Instant;

/**
 * A lead as a CRM reads it back: the profile, the current score and where the lead stands.
 *
 * @param scoreStage     the stage the current score gives (NONE, MQL, SALES_READY, PQL)
 * @param lifecycleStage the lead's stage in the lifecycle: the score's stage, or SQL once sales accepted it
 * @param anonymous      true while the lead is a visitor known only by its events (no profile yet)
 * @param updatedAt      the last change of the profile, the score or the lifecycle stage
 */
public record LeadView(String id, String model, boolean anonymous, String source, LeadProfile profile,
        Integer fit, Integer engagement, Integer total, String band, String scoreStage, String lifecycleStage,
        String activation, String rulesetVersion, Instant scoredAt, Instant mqlAt, Instant pqlAt,
        Instant lastActivityAt, Instant createdAt, Instant updatedAt) {
}
