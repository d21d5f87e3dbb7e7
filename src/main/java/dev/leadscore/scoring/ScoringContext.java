package dev.leadscore.scoring;

import java.time.Instant;

/**
 * The instant a score is computed as of. Rules read time only through this fact, never the wall
 * clock, so a score is a pure function of (facts, events, ruleset version, as-of instant).
 */
public final class ScoringContext {
    private final Instant asOf;

    public ScoringContext(Instant asOf) {
        this.asOf = asOf;
    }

    public Instant getAsOf() { return asOf; }

    /** Whole days from {@code t} to the as-of instant (0 for the future). */
    public long daysSince(Instant t) {
        if (t == null || t.isAfter(asOf)) {
            return 0;
        }
        // as Duration.between(t, asOf).toDays(), without allocating: whole seconds, then whole days
        long seconds = asOf.getEpochSecond() - t.getEpochSecond() - (asOf.getNano() < t.getNano() ? 1 : 0);
        return seconds / 86_400;
    }

    /** How many whole periods of {@code periodDays} have passed since {@code t}. */
    public long fullPeriodsSince(Instant t, double periodDays) {
        return periodDays <= 0 ? 0 : (long) Math.floor(daysSince(t) / periodDays);
    }
}
