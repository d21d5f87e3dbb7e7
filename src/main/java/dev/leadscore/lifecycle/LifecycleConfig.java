package dev.leadscore.lifecycle;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the lifecycle machinery. The business figures (cooldown, account escalation) live
 * in each model's thresholds table; the defaults here only apply to a model that lacks the row.
 */
@ConfigMapping(prefix = "leadscore.lifecycle")
public interface LifecycleConfig {

    Rescore rescore();

    /** Fallback for the "Re-qualification cooldown days" setting. */
    @WithDefault("30")
    double cooldownDays();

    /** Fallback for the "Account engaged contacts" setting. */
    @WithDefault("3")
    double accountEngagedContacts();

    /** Fallback for the "Account engaged minimum engagement" setting. */
    @WithDefault("25")
    double accountEngagedMinimumEngagement();

    interface Rescore {
        /** How often the time-driven re-scoring job runs (a Quarkus scheduler expression such as 60s). */
        @WithDefault("60s")
        String every();

        /**
         * Leads per batch; each batch is one transaction and holds its leads' row locks while
         * they are scored and planned (about a dozen scorings each), so events for those leads
         * wait for it: small batches keep that wait short.
         */
        @WithDefault("25")
        int batchSize();

        /** At most this many batches per run; the rest waits for the next run. */
        @WithDefault("200")
        int maxBatches();

        /** How long a runner's lease lasts without renewal; another instance takes over after it. */
        @WithDefault("PT2M")
        Duration lease();

        /** How far ahead the next score change is looked for; a lead with none is not visited again until it changes. */
        @WithDefault("730")
        int horizonDays();
    }
}
