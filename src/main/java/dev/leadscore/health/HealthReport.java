package dev.leadscore.health;

import java.time.Instant;
import java.util.List;

/**
 * The monthly health check of one model on the stored data: the latest stored score of every
 * lead of the model, MQL/PQL dates, activity dates. Shares are fractions.
 */
public record HealthReport(String model, Instant asOf, long leads, long[] leadsByTotal, List<BandShare> bands,
        long qualified, double shareQualified, List<MonthVolume> qualifiedByMonth, Double volumeChange,
        StaleLeads stale, DecayStatus decay, List<Check> checks) {

    public record BandShare(String band, long leads, double share) {
    }

    /** Leads that reached MQL or PQL in a calendar month (UTC). */
    public record MonthVolume(String month, long mql, long pql) {
    }

    /** Leads inactive for {@code days}+ days whose latest stored engagement is still at least {@code highEngagement}. */
    public record StaleLeads(int days, int highEngagement, long count, List<String> sample) {
    }

    /**
     * Stored scores carrying engagement that were computed more than one decay period ago: no job
     * has re-scored them since, so their engagement has not decayed.
     */
    public record DecayStatus(int periodDays, long notRescored, Instant oldestScoreWithEngagement) {
    }

    /** One row of domain.md's health table: RED, OK or NOT_AVAILABLE (the data it needs is not stored). */
    public record Check(String check, String status, String detail) {
    }

    public long redFlags() {
        return checks.stream().filter(c -> "RED".equals(c.status())).count();
    }
}
