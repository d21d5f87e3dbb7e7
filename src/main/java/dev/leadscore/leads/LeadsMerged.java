package dev.leadscore.leads;

import java.util.List;

/**
 * Fired synchronously, in the merging transaction, after leads were merged into {@code into} and
 * it was re-scored, so the merge can be announced like a stage change.
 *
 * @param mergedIds the ids that no longer exist: their events now belong to {@code into}
 * @param knownMerged true when at least one merged id was a known lead, not an anonymous visitor
 */
public record LeadsMerged(LeadRecord into, List<String> mergedIds, boolean knownMerged, ScoreRecord score) {
}
