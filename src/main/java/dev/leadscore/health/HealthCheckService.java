package dev.leadscore.health;

import java.time.Clock;
import java.time.Instant;
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

import dev.leadscore.db.SqlValues;
import dev.leadscore.health.HealthReport.BandConversion;
import dev.leadscore.health.HealthReport.BandShare;
import dev.leadscore.health.HealthReport.Check;
import dev.leadscore.health.HealthReport.DecayStatus;
import dev.leadscore.health.HealthReport.MonthVolume;
import dev.leadscore.health.HealthReport.Outcomes;
import dev.leadscore.health.HealthReport.StaleLeads;
import dev.leadscore.rules.RulesetRegistry;

/**
 * Computes the monthly health check from what the service stores: each lead's latest score
 * (lead.latest_score_id), its MQL/PQL dates and last activity. Aggregates in SQL, so the
 * check reads counts, not every lead.
 *
 * <p>Conversion by band, qualified-versus-other conversion and sales' rejections come from the
 * outcomes the CRM reported; until enough are recorded those checks say so rather than guess.
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
        Outcomes outcomes = outcomes(model);
        return new HealthReport(model, now, leads, byTotal, bands, qualified, shareQualified, volume, change, stale,
                decayStatus, outcomes, checks(leads, bands, shareQualified, volume, change, stale, decayStatus, outcomes));
    }

    private List<Check> checks(long leads, List<BandShare> bands, double shareQualified, List<MonthVolume> volume,
            Double change, StaleLeads stale, DecayStatus decay, Outcomes outcomes) {
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
        conversionChecks(outcomes, checks);
        checks.add(new Check("stale leads still scoring high", stale.count() > 0 ? "RED" : "OK",
                stale.count() + " leads inactive " + stale.days() + "+ days whose latest stored engagement is still " + stale.highEngagement() + "+"));
        checks.add(new Check("decay job", decay.notRescored() > 0 ? "RED" : "OK", decay.notRescored() > 0
                ? decay.notRescored() + " latest scores with engagement were computed more than " + decay.periodDays()
                        + " days ago (oldest as of " + decay.oldestScoreWithEngagement() + "): nothing re-scores leads as their engagement ages"
                : "every latest score with engagement is less than " + decay.periodDays() + " days old"));
        checks.add(outcomes.reviewed() == 0
                ? new Check("false positives", "NOT_AVAILABLE", "no SALES_ACCEPTED or SALES_REJECTED outcomes on qualified leads recorded yet")
                : new Check("false positives", share(outcomes.rejected(), outcomes.reviewed()) > config.maxRejectedShare() ? "RED" : "OK",
                        outcomes.rejected() + " of " + outcomes.reviewed() + " qualified leads sales reviewed were rejected ("
                                + pct(share(outcomes.rejected(), outcomes.reviewed())) + "; red flag above " + pct(config.maxRejectedShare()) + ")"));
        return checks;
    }

    private void conversionChecks(Outcomes outcomes, List<Check> checks) {
        if (outcomes.byBand().isEmpty()) {
            String none = "no closed outcomes (CLOSED_WON, CLOSED_LOST, DISQUALIFIED) recorded for this model yet;"
                    + " report them with POST /api/leads/{id}/outcomes, or run a backtest on a CRM export";
            checks.add(new Check("conversion by band", "NOT_AVAILABLE", none));
            checks.add(new Check("qualified vs other conversion", "NOT_AVAILABLE", none));
            return;
        }
        BandConversion top = outcomes.byBand().get(0);
        checks.add(new Check("conversion by band", top.rate() < config.minTopBandConversion() ? "RED" : "OK",
                "top band " + top.band() + " converts " + pct(top.rate()) + " (" + top.won() + " of " + top.closed()
                        + " closed; red flag below " + pct(config.minTopBandConversion()) + ")"));
        if (outcomes.qualifiedLift() == null) {
            checks.add(new Check("qualified vs other conversion", "NOT_AVAILABLE",
                    "needs closed outcomes of both qualified and other leads, and at least one won among the others"));
        } else {
            checks.add(new Check("qualified vs other conversion", outcomes.qualifiedLift() < config.minQualifiedLift() ? "RED" : "OK",
                    String.format(Locale.ROOT, "qualified leads convert %s (%d of %d), others %s (%d of %d): %.1fx (red flag below %.1fx)",
                            pct(share(outcomes.qualifiedWon(), outcomes.qualifiedClosed())), outcomes.qualifiedWon(),
                            outcomes.qualifiedClosed(), pct(share(outcomes.otherWon(), outcomes.otherClosed())),
                            outcomes.otherWon(), outcomes.otherClosed(), outcomes.qualifiedLift(), config.minQualifiedLift())));
        }
    }

    /** Conversion from the outcomes sales reported, by the band and stage each lead had when it was handed over. */
    private Outcomes outcomes(String model) {
        Map<String, long[]> byBand = new TreeMap<>();
        Map<String, Integer> bandOrder = new TreeMap<>();
        long qualifiedClosed = 0;
        long qualifiedWon = 0;
        long otherClosed = 0;
        long otherWon = 0;
        for (Object[] row : rows("select f.band, f.stage, min(f.total), count(*), count(*) filter (where t.won)"
                + " from (select distinct on (o.lead_id) o.lead_id, o.band, o.stage, o.total from crm_outcome o"
                + "       join lead l on l.id = o.lead_id where l.model = ?1 order by o.lead_id, o.at, o.id) f"
                + " join (select lead_id, bool_or(type = 'CLOSED_WON') won from crm_outcome"
                + "       where type in ('CLOSED_WON', 'CLOSED_LOST', 'DISQUALIFIED') group by lead_id) t on t.lead_id = f.lead_id"
                + " group by f.band, f.stage", model)) {
            String band = (String) row[0];
            boolean qualified = !"NONE".equals(row[1]);
            long closed = ((Number) row[3]).longValue();
            long won = ((Number) row[4]).longValue();
            long[] counts = byBand.computeIfAbsent(band, b -> new long[2]);
            counts[0] += closed;
            counts[1] += won;
            bandOrder.merge(band, ((Number) row[2]).intValue(), Math::min);
            if (qualified) {
                qualifiedClosed += closed;
                qualifiedWon += won;
            } else {
                otherClosed += closed;
                otherWon += won;
            }
        }
        List<BandConversion> bands = byBand.entrySet().stream()
                .sorted((a, b) -> Integer.compare(bandOrder.get(b.getKey()), bandOrder.get(a.getKey())))
                .map(e -> new BandConversion(e.getKey(), e.getValue()[0], e.getValue()[1], share(e.getValue()[1], e.getValue()[0])))
                .toList();
        Double lift = qualifiedClosed == 0 || otherClosed == 0 || otherWon == 0 ? null
                : share(qualifiedWon, qualifiedClosed) / share(otherWon, otherClosed);
        Object[] review = (Object[]) em.createNativeQuery("select count(*), count(*) filter (where o.type = 'SALES_REJECTED')"
                + " from crm_outcome o join lead l on l.id = o.lead_id where l.model = ?1"
                + " and o.type in ('SALES_ACCEPTED', 'SALES_REJECTED') and o.stage <> 'NONE'")
                .setParameter(1, model).getSingleResult();
        return new Outcomes(bands, qualifiedClosed, qualifiedWon, otherClosed, otherWon, lift,
                ((Number) review[0]).longValue(), ((Number) review[1]).longValue());
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
        return SqlValues.instant(o);
    }

    private static double share(long n, long total) {
        return total == 0 ? 0 : (double) n / total;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }
}
