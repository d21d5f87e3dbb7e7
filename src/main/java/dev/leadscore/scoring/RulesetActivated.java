package dev.leadscore.scoring;

/**
 * Fired (synchronously, after the swap) when a version of a model starts serving through a
 * publish or a rollback; re-scoring observes it and re-scores the model's stored leads.
 */
public record RulesetActivated(String model, String version) {
}
