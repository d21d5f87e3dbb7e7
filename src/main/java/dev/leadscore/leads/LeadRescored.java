package dev.leadscore.leads;

import java.util.List;

import dev.leadscore.scoring.ActivityEvent;

/**
 * A re-scoring pass stored a new score of a lead, in the page's transaction, after the pass itself
 * was told ({@link Rescoring.Pass#rescored}). Carries the events the score was computed from, so
 * that an observer can plan the lead's next time-driven change without loading them again.
 *
 * @param stored the new score; its {@code asOf} is the instant it was computed for
 */
public record LeadRescored(LeadRecord lead, List<ActivityEvent> events, ScoreRecord stored) {
}
