package dev.leadscore.leads;

import dev.leadscore.scoring.ScoreResult;

/**
 * Fired synchronously, inside the transaction that stored it, whenever a new score of a lead is
 * stored; observers (stage changes, notifications) write in the same transaction.
 *
 * @param previous the score stored before, or null for the lead's first score
 */
public record LeadScored(LeadRecord lead, ScoreRecord previous, ScoreRecord stored, ScoreResult result) {
}
