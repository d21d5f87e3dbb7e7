package dev.leadscore.health;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.leadscore.health.HealthReport.BandShare;
import dev.leadscore.health.HealthReport.Check;
import dev.leadscore.health.HealthReport.DecayStatus;
import dev.leadscore.health.HealthReport.MonthVolume;
import dev.leadscore.health.HealthReport.StaleLeads;
import dev.leadscore.rules.RulesetRegistry;

/**
 * Computes the monthly health check from what the service stores: each lead's latest score
 * (lead.latest_score_id), its MQL/PQL dates and last activity. Aggregates in SQL, so the
 * check reads counts, not every lead.
 *
 * <p>Conversion by band and sales' rejection of PQLs need recorded outcomes; no table of this
 * database holds them yet, so those checks are reported as not available rather than guessed.
 */
@ApplicationScoped
public class HealthCheckService {
    private static final String LATEST = " from lead l join score_record s on s.id = l.latest_score_id where l.model = ?1";

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    HealthConfig config;
    @Inject
    RulesetRegistry rulesets;

    @Transactional
    public HealthReport compute(String model) {
        rulesets.require(model);
        Instant now = clock.instant();
        long[] byTotal = new long[101];
        long leads = 0;
        for (Object[] row : rows("select s.total, count(*)" + LATEST + " group by s.total", model)) {
            int total = Math.max(0, Math.min(100, ((Number) row[0]).intValue()));
            long n = ((Number) row[1]).longValue();
            byTotal[total] += n;
            leads += n;
        }
        List<BandShare> bands = new ArrayList<>();
        for (Object[] row : rows("select s.band, count(*)" + LATEST + " group by s.band order by min(s.total) desc", model)) {
            long n = ((Number) row[1]).longValue();
            bands.add(new BandShare((String) row[0], n, share(n, leads)));
        }
        long qualified = ((Number) em.createNativeQuery("select count(*)" + LATEST + " and s.stage <> 'NONE'")
                .setParameter(1, model).getSingleResult()).longValue();
        List<MonthVolume> volume = volume(model, now);
        Double change = null;
        if (volume.size() >= 2) {
            MonthVolume last = volume.get(volume.size() - 1);
            MonthVolume before = volume.get(volume.size() - 2);
            long a = last.mql() + last.pql();
            long b = before.mql() + before.pql();
            change = b == 0 ? null : (double) (a - b) / b;
        }
        Instant staleBefore = now.minus(config.staleDays(), ChronoUnit.DAYS);
        String staleWhere = LATEST + " and coalesce(l.last_activity_at, l.created_at) < ?2 and s.engagement >= ?3";
        long staleCount = ((Number) em.createNativeQuery("select count(*)" + staleWhere).setParameter(1, model)
                .setParameter(2, staleBefore).setParameter(3, config.highEngagement()).getSingleResult()).longValue();
        @SuppressWarnings("unchecked")
        List<String> sample = em.createNativeQuery("select l.id" + staleWhere + " order by s.engagement desc, l.id limit 10")
                .setParameter(1, model).setParameter(2, staleBefore).setParameter(3, config.highEngagement()).getResultList();
        Instant decayBefore = now.minus(config.decayPeriodDays(), ChronoUnit.DAYS);
        Object[] decay = (Object[]) em.createNativeQuery("select count(*) filter (where s.as_of < ?2), min(s.as_of)"
                + LATEST + " and s.engagement > 0").setParameter(1, model).setParameter(2, decayBefore).getSingleResult();
        DecayStatus decayStatus = new DecayStatus(config.decayPeriodDays(), ((Number) decay[0]).longValue(), instant(decay[1]));
        StaleLeads stale = new StaleLeads(config.staleDays(), config.highEngagement(), staleCount, sample);
        double shareQualified = share(qualified, leads);
        return new HealthReport(model, now, leads, byTotal, bands, qualified, shareQualified, volume, change, stale,
                decayStatus, checks(leads, bands, shareQualified, volume, change, stale, decayStatus));
    }

    private List<Check> checks(long leads, List<BandShare> bands, double shareQualified, List<MonthVolume> volume,
            Double change, StaleLeads stale, DecayStatus decay) {
        List<Check> checks = new ArrayList<>();
        if (leads == 0) {
            checks.add(new Check("score distribution", "NOT_AVAILABLE", "no scored leads of this model are stored"));
        } else {
            checks.add(new Check("score inflation", shareQualified > config.maxShareQualified() ? "RED" : "OK",
                    pct(shareQualified) + " of leads above the MQL/PQL threshold (red flag above "
                            + pct(config.maxShareQualified()) + ")"));
            BandShare top = bands.stream().max(java.util.Comparator.comparingLong(BandShare::leads)).orElseThrow();
            checks.add(new Check("one bucket holds most leads", top.share() > config.maxShareInOneBand() ? "RED" : "OK",
                    pct(top.share()) + " of leads in " + top.band() + " (red flag above " + pct(config.maxShareInOneBand()) + ")"));
        }
        if (change == null) {
            checks.add(new Check("MQL / PQL volume month over month", "NOT_AVAILABLE",
                    volume.size() < 2 ? "needs two complete months with qualified leads" : "no qualified leads in the earlier month"));
        } else {
            MonthVolume last = volume.get(volume.size() - 1);
            MonthVolume before = volume.get(volume.size() - 2);
            checks.add(new Check("MQL / PQL volume month over month", Math.abs(change) > config.maxVolumeChange() ? "RED" : "OK",
                    String.format(Locale.ROOT, "%s: %d, %s: %d (%+.0f%%; red flag beyond %s)", before.month(),
                            before.mql() + before.pql(), last.month(), last.mql() + last.pql(), change * 100,
                            pct(config.maxVolumeChange()))));
        }
        checks.add(new Check("conversion by band", "NOT_AVAILABLE",
                "needs recorded outcomes (won/lost), which this database does not hold yet; run a backtest on a CRM export"
                        + " (POST /api/backtests) for conversion by band and the top band's rate"));
        checks.add(new Check("PQL vs non-PQL conversion", "NOT_AVAILABLE", "needs recorded outcomes, as above"));
        checks.add(new Check("stale leads still scoring high", stale.count() > 0 ? "RED" : "OK",
                stale.count() + " leads inactive " + stale.days() + "+ days whose latest stored engagement is still " + stale.highEngagement() + "+"));
        checks.add(new Check("decay job", decay.notRescored() > 0 ? "RED" : "OK", decay.notRescored() > 0
                ? decay.notRescored() + " latest scores with engagement were computed more than " + decay.periodDays()
                        + " days ago (oldest as of " + decay.oldestScoreWithEngagement() + "): nothing re-scores leads as their engagement ages"
                : "every latest score with engagement is less than " + decay.periodDays() + " days old"));
        checks.add(new Check("false positives", "NOT_AVAILABLE", "needs sales' accept/reject of sampled PQLs, which is not recorded"));
        return checks;
    }

    /** Complete months only (the current month is partial), the last six with any qualified lead. */
    private List<MonthVolume> volume(String model, Instant now) {
        YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        Instant from = current.minusMonths(6).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = current.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Map<String, long[]> months = new TreeMap<>();
        for (int i = 6; i >= 1; i--) {
            months.put(current.minusMonths(i).toString(), new long[2]);
        }
        String[] columns = {"mql_at", "pql_at"};
        for (int k = 0; k < 2; k++) {
            for (Object[] row : rows("select to_char(" + columns[k] + " at time zone 'UTC', 'YYYY-MM'), count(*) from lead"
                    + " where model = ?1 and " + columns[k] + " >= ?2 and " + columns[k] + " < ?3 group by 1", model, from, to)) {
                long[] m = months.get((String) row[0]);
                if (m != null) {
                    m[k] = ((Number) row[1]).longValue();
                }
            }
        }
        List<MonthVolume> out = new ArrayList<>();
        months.forEach((month, c) -> out.add(new MonthVolume(month, c[0], c[1])));
        // leading empty months say nothing about a change
        while (!out.isEmpty() && out.get(0).mql() + out.get(0).pql() == 0) {
            out.remove(0);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return q.getResultList();
    }

    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        return Instant.parse(o.toString());
    }

    private static double share(long n, long total) {
        return total == 0 ? 0 : (double) n / total;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
