package dev.leadscore.scoring;

import java.time.Instant;
import java.util.Map;

/**
 * The instant a score is computed as of, and the model's settings (the rows of its Settings
 * table). Rules read time only through this fact, never the wall clock, so a score is a pure
 * function of (facts, events, ruleset version, as-of instant); they read a setting by its exact
 * name, {@code $ctx.setting("MQL minimum fit")}, which the build checks against the settings
 * catalogue ({@link ModelSetting}).
 */
public final class ScoringContext {
    private final Instant asOf;
    private final Map<String, Double> settings;

    public ScoringContext(Instant asOf) {
        this(asOf, Map.of());
    }

    public ScoringContext(Instant asOf, Map<String, Double> settings) {
        this.asOf = asOf;
        this.settings = settings;
    }

    public Instant getAsOf() { return asOf; }

    /**
     * The value of the model's setting {@code name}. The build refuses a model whose rules read a
     * setting its Settings table does not set, so a missing one is a bug, not a data error.
     */
    public double setting(String name) {
        Double value = settings.get(name);
        if (value == null) {
            throw new IllegalStateException("the setting '" + name + "' is not set by the model's Settings table");
        }
        return value;
    }

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
