package dev.leadscore.rules;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of rule changes: upload limits, the folder watch, what-if runs and re-scoring. */
@ConfigMapping(prefix = "leadscore.governance")
public interface GovernanceConfig {
    /** Largest rule file accepted (bytes). */
    @WithDefault("2097152")
    long maxFileBytes();

    /** Largest total of a model's files, or of one upload (bytes). */
    @WithDefault("10485760")
    long maxModelBytes();

    /** Most parts inside one .xlsx (or files inside an uploaded .zip). */
    @WithDefault("200")
    int maxZipEntries();

    /** Largest uncompressed part inside an .xlsx or uploaded .zip (bytes). */
    @WithDefault("20971520")
    long maxEntryBytes();

    /** How often the rules folder is checked for changes; 0 turns the watch off. */
    @WithDefault("2s")
    Duration watchInterval();

    /** Most stored leads a what-if scores (the report says when it stopped early). */
    @WithDefault("20000")
    int whatIfMaxLeads();

    /** How many of the biggest movers a what-if lists. */
    @WithDefault("10")
    int whatIfMovers();

    /** Leads re-scored per transaction batch after a version goes live. */
    @WithDefault("100")
    int rescoreBatchSize();

    /** How long a re-scoring job may go without a committed batch before another instance takes it over (read by leads.RescoreJobs). */
    @WithDefault("30s")
    Duration rescoreLease();

    default RulesetLimits limits() {
        return new RulesetLimits(maxFileBytes(), maxModelBytes(), maxZipEntries(), maxEntryBytes(),
                RulesetLimits.DEFAULTS.minInflateRatio());
    }
}
