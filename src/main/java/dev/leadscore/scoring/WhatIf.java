package dev.leadscore.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;


/**
 * What a candidate version would do to stored leads: each lead is scored as of the same instant
 * under the active version and under the candidate, and the two results compared.
 */
public final class WhatIf {

    /** A rule whose points for a lead differ between the versions. */
    public record AdjustmentChange(String rule, int pointsBefore, int pointsAfter) {
    }

    public record Mover(String leadId, int totalBefore, int totalAfter, String bandBefore, String bandAfter,
            String stageBefore, String stageAfter, List<AdjustmentChange> changedAdjustments) {
    }

    /**
     * @param complete false when the run stopped at the configured number of leads
     * @param qualifiedBefore leads at MQL/sales-ready (sales-led) or PQL (product-led) under the active version
     */
    public record Report(String model, String fromVersion, String toVersion, Instant asOf, int leads, boolean complete,
            int scoresChanged, int bandsChanged, int stagesChanged, int qualifiedBefore, int qualifiedAfter,
            Map<String, Integer> stagesBefore, Map<String, Integer> stagesAfter, List<Mover> biggestMovers) {
    }

    private final String model;
    private final String fromVersion;
    private final String toVersion;
    private final Instant asOf;
    private final int moversShown;
    private int leads;
    private int scoresChanged;
    private int bandsChanged;
    private int stagesChanged;
    private int qualifiedBefore;
    private int qualifiedAfter;
    private final Map<String, Integer> stagesBefore = new TreeMap<>();
    private final Map<String, Integer> stagesAfter = new TreeMap<>();
    private final List<Mover> movers = new ArrayList<>();

    public WhatIf(String model, String fromVersion, String toVersion, Instant asOf, int moversShown) {
        this.model = model;
        this.fromVersion = fromVersion;
        this.toVersion = toVersion;
        this.asOf = asOf;
        this.moversShown = moversShown;
    }

    /** Adds one lead's two results. */
    public void add(String leadId, ScoreResult before, ScoreResult after) {
        leads++;
        stagesBefore.merge(before.stage(), 1, Integer::sum);
        stagesAfter.merge(after.stage(), 1, Integer::sum);
        qualifiedBefore += Stage.isQualified(before.stage()) ? 1 : 0;
        qualifiedAfter += Stage.isQualified(after.stage()) ? 1 : 0;
        if (!sameScore(before, after)) {
            scoresChanged++;
            movers.add(new Mover(leadId, before.total(), after.total(), before.band(), after.band(), before.stage(),
                    after.stage(), changedAdjustments(before, after)));
        }
        bandsChanged += before.band().equals(after.band()) ? 0 : 1;
        stagesChanged += before.stage().equals(after.stage()) ? 0 : 1;
    }

    public Report report(boolean complete) {
        List<Mover> biggest = movers.stream()
                .sorted(Comparator.comparingInt((Mover m) -> -Math.abs(m.totalAfter() - m.totalBefore()))
                        .thenComparing(Mover::leadId))
                .limit(moversShown).toList();
        return new Report(model, fromVersion, toVersion, asOf, leads, complete, scoresChanged, bandsChanged,
                stagesChanged, qualifiedBefore, qualifiedAfter, Map.copyOf(stagesBefore), Map.copyOf(stagesAfter), biggest);
    }

    /** What a score says, the ruleset version aside: equal outcomes mean the version change did not touch the lead. */
    public record Outcome(int fit, int engagement, int total, String band, String stage, Map<String, Integer> pointsByRule) {

        public static Outcome of(ScoreResult r) {
            Map<String, Integer> points = new TreeMap<>();
            r.adjustments().forEach(a -> points.merge(a.rule(), a.points(), Integer::sum));
            return new Outcome(r.fit(), r.engagement(), r.total(), r.band(), r.stage(), points);
        }
    }

    /** Same figures, band, stage and points per rule (the ruleset version aside). */
    public static boolean sameScore(ScoreResult a, ScoreResult b) {
        return Outcome.of(a).equals(Outcome.of(b));
    }

    private static Map<String, Integer> pointsByRule(ScoreResult r) {
        return Outcome.of(r).pointsByRule();
    }

    private static List<AdjustmentChange> changedAdjustments(ScoreResult before, ScoreResult after) {
        Map<String, Integer> a = pointsByRule(before);
        Map<String, Integer> b = pointsByRule(after);
        TreeSet<String> rules = new TreeSet<>(a.keySet());
        rules.addAll(b.keySet());
        List<AdjustmentChange> changes = new ArrayList<>();
        for (String rule : rules) {
            Integer x = a.getOrDefault(rule, 0);
            Integer y = b.getOrDefault(rule, 0);
            if (!Objects.equals(x, y)) {
                changes.add(new AdjustmentChange(rule, x, y));
            }
        }
        return changes;
    }
}
