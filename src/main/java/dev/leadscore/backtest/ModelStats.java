package dev.leadscore.backtest;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

import dev.leadscore.scoring.Category;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoredAdjustment;

/**
 * Everything the report needs about one ruleset's scores, accumulated lead by lead in memory
 * that does not grow with the number of leads: counts per total score (0-100) and outcome, per
 * band, per stage and per rule; one count per distinct rule-firing pattern (for the suggested
 * points), capped at {@link #MAX_PATTERNS}; and the few lowest-scoring converted leads.
 */
final class ModelStats {
    static final int MAX_PATTERNS = 100_000;
    static final int LOWEST_KEPT = 20;
    /** Folds of the held-out check of suggested points. */
    static final int FOLDS = 5;

    /** Per rule: how often it fired, among converted leads too, and what it gives. */
    static final class RuleCounts {
        final String rule;
        final Category category;
        final String source;
        final int index;
        int points;
        long fired;
        long firedConverted;

        RuleCounts(String rule, Category category, String source, int index, int points) {
            this.rule = rule;
            this.category = category;
            this.source = source;
            this.index = index;
            this.points = points;
        }

        /** A decision-table row ("file!sheet!cell"), which Marketing Ops can edit. */
        boolean inSpreadsheet() {
            return source != null && source.contains("!");
        }
    }

    record LowScorer(String leadId, long line, int total, int fit, int engagement, String band, String stage,
            List<String> rules) {
    }

    final String model;
    final String version;
    final long[][] byTotal = new long[101][2];
    final Map<String, long[]> byBand = new TreeMap<>();
    final Map<String, long[]> byStage = new TreeMap<>();
    /** The lowest and highest total seen in each band (the bands are defined in the model's thresholds table). */
    final Map<String, int[]> bandTotals = new TreeMap<>();
    final Map<String, RuleCounts> rules = new LinkedHashMap<>();
    final Map<BitSet, long[]> patterns = new HashMap<>();
    /** The patterns in the order first seen; a lead's pattern is its index here. */
    final List<BitSet> patternList = new ArrayList<>();
    private final Map<BitSet, Integer> patternIndex = new HashMap<>();
    /** Per lead counted in a pattern: its total, pattern, cross-validation fold and outcome (for held-out checks). */
    int[] leadTotal = new int[1024];
    int[] leadPattern = new int[1024];
    byte[] leadFold = new byte[1024];
    boolean[] leadConverted = new boolean[1024];
    int leadsKept;
    long leadsOutsidePatterns;
    long leads;
    long converted;
    private final PriorityQueue<LowScorer> lowest = new PriorityQueue<>(
            Comparator.comparingInt(LowScorer::total).reversed().thenComparing(LowScorer::leadId, Comparator.reverseOrder()));

    ModelStats(String model, String version) {
        this.model = model;
        this.version = version;
    }

    /** The rules that gave points to this score: every non-zero adjustment except time decay, once per rule. */
    static List<ScoredAdjustment> firedRules(ScoreResult r) {
        Map<String, ScoredAdjustment> once = new LinkedHashMap<>();
        for (ScoredAdjustment a : r.adjustments()) {
            if (a.category() != Category.DECAY && a.points() != 0) {
                once.putIfAbsent(a.rule(), a);
            }
        }
        return new ArrayList<>(once.values());
    }

    void add(String leadId, long line, ScoreResult r, boolean isConverted) {
        int c = isConverted ? 1 : 0;
        leads++;
        converted += c;
        byTotal[Math.max(0, Math.min(100, r.total()))][c]++;
        byBand.computeIfAbsent(r.band(), k -> new long[2])[c]++;
        int[] range = bandTotals.computeIfAbsent(r.band(), k -> new int[] {r.total(), r.total()});
        range[0] = Math.min(range[0], r.total());
        range[1] = Math.max(range[1], r.total());
        byStage.computeIfAbsent(r.stage(), k -> new long[2])[c]++;
        List<ScoredAdjustment> fired = firedRules(r);
        BitSet pattern = new BitSet();
        for (ScoredAdjustment a : fired) {
            RuleCounts rc = rules.computeIfAbsent(a.rule(),
                    k -> new RuleCounts(k, a.category(), a.source(), rules.size(), a.points()));
            rc.fired++;
            rc.firedConverted += c;
            pattern.set(rc.index);
        }
        long[] counts = patterns.get(pattern);
        if (counts == null && patterns.size() < MAX_PATTERNS) {
            counts = new long[2];
            patterns.put(pattern, counts);
        }
        if (counts == null) {
            leadsOutsidePatterns++;
        } else {
            counts[c]++;
            keepLead(pattern, line, r.total(), isConverted);
        }
        if (isConverted) {
            lowest.add(new LowScorer(leadId, line, r.total(), r.fit(), r.engagement(), r.band(), r.stage(),
                    fired.stream().map(a -> a.rule() + " " + (a.points() > 0 ? "+" : "") + a.points()).toList()));
            if (lowest.size() > LOWEST_KEPT) {
                lowest.poll();
            }
        }
    }

    private void keepLead(BitSet pattern, long line, int total, boolean isConverted) {
        int index = patternIndex.computeIfAbsent(pattern, p -> {
            patternList.add(p);
            return patternList.size() - 1;
        });
        if (leadsKept == leadTotal.length) {
            int n = leadsKept * 2;
            leadTotal = java.util.Arrays.copyOf(leadTotal, n);
            leadPattern = java.util.Arrays.copyOf(leadPattern, n);
            leadFold = java.util.Arrays.copyOf(leadFold, n);
            leadConverted = java.util.Arrays.copyOf(leadConverted, n);
        }
        leadTotal[leadsKept] = Math.max(0, Math.min(100, total));
        leadPattern[leadsKept] = index;
        leadFold[leadsKept] = (byte) Indicators.foldOf(line, FOLDS);
        leadConverted[leadsKept] = isConverted;
        leadsKept++;
    }

    /** The lowest-scoring converted leads, lowest first. */
    List<LowScorer> lowestConverted() {
        List<LowScorer> out = new ArrayList<>(lowest);
        out.sort(Comparator.comparingInt(LowScorer::total).thenComparing(LowScorer::leadId));
        return out;
    }
}
