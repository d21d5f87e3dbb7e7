package dev.leadscore.health;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Thresholds of the monthly health check (domain.md's red flags) and how often metrics refresh. */
@ConfigMapping(prefix = "leadscore.health")
public interface HealthConfig {

    /** A lead inactive this long is stale. */
    @WithDefault("90")
    int staleDays();

    /**
     * A stale lead whose latest stored engagement is still at least this "scores high" (default:
     * the MQL minimum engagement, so it still qualifies on activity it stopped long ago). Fit is
     * left out: it never decays, so a well-fitting idle lead keeps it by design.
     */
    @WithDefault("25")
    int highEngagement();

    /** Red flag: more than this share of leads above the MQL/PQL threshold. */
    @WithDefault("0.40")
    double maxShareQualified();

    /** Red flag: more than this share of leads in one band. */
    @WithDefault("0.50")
    double maxShareInOneBand();

    /** Red flag: MQL/PQL volume changes more than this month over month. */
    @WithDefault("0.30")
    double maxVolumeChange();

    /** Engagement decays per period of this many days; a stored score with engagement older than that was not re-scored. */
    @WithDefault("30")
    int decayPeriodDays();

    /** The Prometheus gauges recompute the health check at most this often. */
    @WithDefault("PT5M")
    Duration metricsRefresh();
}
