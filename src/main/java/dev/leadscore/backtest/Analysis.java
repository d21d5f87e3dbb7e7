package dev.leadscore.backtest;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.leadscore.backtest.BacktestReport.Auc;
import dev.leadscore.backtest.BacktestReport.BandRow;
import dev.leadscore.backtest.BacktestReport.Calibration;
import dev.leadscore.backtest.BacktestReport.Decile;
import dev.leadscore.backtest.BacktestReport.Flag;
import dev.leadscore.backtest.BacktestReport.ModelReport;
import dev.leadscore.backtest.BacktestReport.Qualified;
import dev.leadscore.backtest.BacktestReport.RuleLift;
import dev.leadscore.backtest.BacktestReport.Suggestion;
import dev.leadscore.backtest.BacktestReport.Suggestions;
import dev.leadscore.backtest.BacktestReport.TopQuartile;
import dev.leadscore.scoring.Stage;

/** Turns one ruleset's accumulated counts into the figures of the report. Pure arithmetic. */
final class Analysis {
    static final double Z95 = 1.959964;
    /** Fewer leads than this on either side of a comparison: reported, not judged. */
    static final int MIN_TO_JUDGE = 30;
    /** The L2 penalty of the suggestion fit: a prior that one criterion rarely moves the odds more than ~7x. */
    static final double LAMBDA = 1.0;
    /**
     * Log-odds per point when the bands convert as domain.md expects: about 2.5% at the middle of
     * Cold (12.5) and 35% at the middle of Hot (88), (logit 0.35 - logit 0.025) / 75.5.
     */
    static final double EXPECTED_LOG_ODDS_PER_POINT = 0.04;

    private Analysis() {
    }

    static ModelReport analyse(ModelStats s) {
        long[] leadsByTotal = new long[101];
        long[] convertedByTotal = new long[101];
        for (int t = 0; t <= 100; t++) {
            leadsByTotal[t] = s.byTotal[t][0] + s.byTotal[t][1];
            convertedByTotal[t] = s.byTotal[t][1];
        }
        String pattern = ExpectedConversion.patternFor(s.model, s.byStage.containsKey(Stage.PQL));
        List<BandRow> bands = bands(s, pattern);
        TopQuartile top = topQuartile(leadsByTotal, convertedByTotal, s.converted);
        Qualified qualified = qualified(s);
        Auc auc = auc(leadsByTotal, convertedByTotal);
        Calibration calibration = calibration(leadsByTotal, convertedByTotal);
        Suggestions suggestions = suggestions(s, calibration);
        List<RuleLift> rules = ruleLift(s, suggestions);
        List<Flag> flags = flags(s, pattern, bands, top, qualified, auc);
        return new ModelReport(s.model, s.version, pattern, s.leads, s.converted, rate(s.converted, s.leads),
                leadsByTotal, convertedByTotal, bands, top, qualified, auc, calibration, rules, s.lowestConverted(),
                suggestions, flags);
    }

    static double rate(long k, long n) {
        return n == 0 ? 0 : (double) k / n;
    }

    /** Wilson score interval of a proportion. */
    static double[] wilson(long k, long n) {
        if (n == 0) {
            return new double[] {0, 1};
        }
        double p = (double) k / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** Ratio of two rates with its 95% interval (log scale); null when either side has no conversions or no leads. */
    static Double[] lift(long k1, long n1, long k2, long n2) {
        if (n1 == 0 || n2 == 0 || k1 == 0 || k2 == 0) {
            return new Double[] {null, null, null};
        }
        double ratio = ((double) k1 / n1) / ((double) k2 / n2);
        double se = Math.sqrt(1.0 / k1 - 1.0 / n1 + 1.0 / k2 - 1.0 / n2);
        return new Double[] {ratio, ratio * Math.exp(-Z95 * se), ratio * Math.exp(Z95 * se)};
    }

    private static List<BandRow> bands(ModelStats s, String pattern) {
        List<BandRow> rows = new ArrayList<>();
        List<String> names = new ArrayList<>(s.byBand.keySet());
        for (String b : ExpectedConversion.BAND_SCORES.keySet()) {
            if (!names.contains(b)) {
                names.add(b);
            }
        }
        names.sort(Comparator.comparingInt((String b) -> ExpectedConversion.BAND_SCORES.getOrDefault(b, new int[] {-1})[0])
                .reversed());
        double overall = rate(s.converted, s.leads);
        Map<String, ExpectedConversion.Range> expected = ExpectedConversion.scaled(pattern, overall);
        Map<String, ExpectedConversion.Range> salesScaled = ExpectedConversion.scaled(ExpectedConversion.SALES_LED, overall);
        Map<String, ExpectedConversion.Range> productScaled = ExpectedConversion.scaled(ExpectedConversion.PRODUCT_LED, overall);
        for (String b : names) {
            long[] c = s.byBand.getOrDefault(b, new long[2]);
            long n = c[0] + c[1];
            double[] ci = wilson(c[1], n);
            int[] range = s.bandTotals.get(b);
            ExpectedConversion.Range sales = salesScaled.get(b);
            ExpectedConversion.Range product = productScaled.get(b);
            ExpectedConversion.Range mine = expected.get(b);
            String verdict;
            if (mine == null) {
                verdict = "no expectation for this band";
            } else if (n < MIN_TO_JUDGE) {
                verdict = "too few leads to judge";
            } else if (mine.contains(ci[0], ci[1])) {
                verdict = "as expected";
            } else {
                verdict = ci[1] < mine.low() ? "below expected" : "above expected";
            }
            rows.add(new BandRow(b, range == null ? null : range[0], range == null ? null : range[1], n, c[1],
                    rate(c[1], n), ci[0], ci[1], sales == null ? null : sales.text(),
                    product == null ? null : product.text(), verdict));
        }
        return rows;
    }

    static TopQuartile topQuartile(long[] leads, long[] converted, long totalConverted) {
        long n = 0;
        for (long c : leads) {
            n += c;
        }
        double slots = n * 0.25;
        double convertedTop = 0;
        int threshold = 100;
        for (int t = 100; t >= 0 && slots > 0; t--) {
            if (leads[t] == 0) {
                continue;
            }
            threshold = t;
            double taken = Math.min(slots, leads[t]);
            convertedTop += converted[t] * (taken / leads[t]);
            slots -= taken;
        }
        return new TopQuartile(threshold, totalConverted == 0 ? 0 : convertedTop / totalConverted);
    }

    private static Qualified qualified(ModelStats s) {
        long qn = 0;
        long qk = 0;
        long on = 0;
        long ok = 0;
        for (Map.Entry<String, long[]> e : s.byStage.entrySet()) {
            long n = e.getValue()[0] + e.getValue()[1];
            if (Stage.NONE.equals(e.getKey())) {
                on += n;
                ok += e.getValue()[1];
            } else {
                qn += n;
                qk += e.getValue()[1];
            }
        }
        Double[] lift = lift(qk, qn, ok, on);
        return new Qualified(qn, qk, rate(qk, qn), on, ok, rate(ok, on), lift[0], lift[1], lift[2], rate(qn, qn + on));
    }

    /** Exact AUC from counts per integer score: P(converted scores higher) + half P(equal). */
    static Auc auc(long[] leads, long[] converted) {
        long pos = 0;
        long neg = 0;
        for (int t = 0; t < leads.length; t++) {
            pos += converted[t];
            neg += leads[t] - converted[t];
        }
        if (pos == 0 || neg == 0) {
            return new Auc(Double.NaN, Double.NaN, Double.NaN, Double.NaN, pos, neg);
        }
        double wins = 0;
        long negBelow = 0;
        for (int t = 0; t < leads.length; t++) {
            long negHere = leads[t] - converted[t];
            wins += converted[t] * (negBelow + 0.5 * negHere);
            negBelow += negHere;
        }
        double a = wins / ((double) pos * neg);
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        double se = Math.sqrt((a * (1 - a) + (pos - 1) * (q1 - a * a) + (neg - 1) * (q2 - a * a)) / ((double) pos * neg));
        return new Auc(a, se, Math.max(0, a - Z95 * se), Math.min(1, a + Z95 * se), pos, neg);
    }

    /**
     * Deciles by rank of the total; leads with equal totals stay in one decile (a decile is a
     * range of totals), so deciles can differ in size and some can be empty (left out).
     */
    static Calibration calibration(long[] leads, long[] converted) {
        double[][] x = new double[101][1];
        double[] pos = new double[101];
        double[] neg = new double[101];
        long n = 0;
        for (int t = 0; t <= 100; t++) {
            x[t][0] = t;
            pos[t] = converted[t];
            neg[t] = leads[t] - converted[t];
            n += leads[t];
        }
        // a whisker of penalty keeps the fit defined when every lead has the same total
        Logistic.Fit fit = Logistic.fit(x, pos, neg, 1e-6);
        double a = fit.intercept();
        double b = fit.coefficients()[0];
        List<Decile> deciles = new ArrayList<>();
        long before = 0;
        int current = -1;
        long dn = 0;
        long dk = 0;
        double predicted = 0;
        int min = 0;
        int max = 0;
        for (int t = 0; t <= 100; t++) {
            if (leads[t] == 0) {
                continue;
            }
            int d = (int) Math.min(9, Math.floor(10.0 * (before + leads[t] / 2.0) / n));
            if (d != current && dn > 0) {
                deciles.add(new Decile(current + 1, min, max, dn, dk, rate(dk, dn), predicted / dn));
                dn = 0;
                dk = 0;
                predicted = 0;
            }
            if (dn == 0) {
                min = t;
            }
            current = d;
            max = t;
            dn += leads[t];
            dk += converted[t];
            predicted += leads[t] / (1 + Math.exp(-(a + b * t)));
            before += leads[t];
        }
        if (dn > 0) {
            deciles.add(new Decile(current + 1, min, max, dn, dk, rate(dk, dn), predicted / dn));
        }
        return new Calibration(a, b, fit.standardErrors()[0], deciles);
    }

    private static List<RuleLift> ruleLift(ModelStats s, Suggestions suggestions) {
        Map<String, Suggestion> fitted = new java.util.HashMap<>();
        suggestions.rows().forEach(x -> fitted.put(x.rule(), x));
        List<RuleLift> out = new ArrayList<>();
        for (ModelStats.RuleCounts r : s.rules.values()) {
            long notFired = s.leads - r.fired;
            long notFiredConverted = s.converted - r.firedConverted;
            Double[] lift = lift(r.firedConverted, r.fired, notFiredConverted, notFired);
            out.add(new RuleLift(r.rule, r.category.name(), r.source, r.points, r.fired, r.firedConverted,
                    rate(r.firedConverted, r.fired), notFired, notFiredConverted, rate(notFiredConverted, notFired),
                    lift[0], lift[1], lift[2], fitted.containsKey(r.rule) ? verdict(fitted.get(r.rule))
                            : ruleFlag(r.points, r.fired, notFired, lift)));
        }
        out.sort(Comparator.comparing(RuleLift::category).thenComparing(RuleLift::points, Comparator.reverseOrder())
                .thenComparing(RuleLift::rule));
        return out;
    }

    /**
     * The verdict on a rule the suggestion fit covers, read from its suggestion, so the per-rule
     * table and the suggested points can never disagree: the lift column shows the rule alone,
     * the verdict what it adds with every other rule held fixed.
     */
    static String verdict(Suggestion x) {
        String fit = " (with the other rules held fixed it is worth " + x.suggestedPoints() + " points, "
                + x.low() + " to " + x.high() + ")";
        if (KEEP.equals(x.advice())) {
            return "";
        }
        if ((x.currentPoints() > 0 && x.high() < 0) || (x.currentPoints() < 0 && x.low() > 0)) {
            return "wrong sign" + fit;
        }
        return (RAISE.equals(x.advice()) ? "under-weighted" : "over-weighted") + fit;
    }

    static String ruleFlag(int points, long fired, long notFired, Double[] lift) {
        if (fired < MIN_TO_JUDGE || notFired < MIN_TO_JUDGE || lift[0] == null) {
            return "too few to judge";
        }
        double low = lift[1];
        double high = lift[2];
        if (points > 0 && high < 1) {
            return "over-weighted: leads convert less when it fires";
        }
        if (points >= 20 && high < 1.25) {
            return "over-weighted: many points, little lift";
        }
        if (points < 0 && low > 1) {
            return "wrong sign: leads convert more when it fires";
        }
        if (points >= 0 && points <= 10 && low > 2) {
            return "under-weighted: strong lift, few points";
        }
        return "";
    }

    /**
     * Fits conversion to the pattern of spreadsheet rules that fired (L2 logistic regression) and
     * turns each coefficient into points at the exchange rate of the total (log-odds per point,
     * from the calibration curve), rounded to 5. Accepting suggestions changes the totals and so
     * the exchange rate: the rate is re-read from the totals the suggestions would give until
     * the suggested points stop moving. Then, fold by fold, points fitted without the fold are
     * accepted one row at a time (largest change first) and the AUC on the fold's own leads says
     * what each row buys. The per-rule verdicts of the report are read from these same rows.
     */
    static Suggestions suggestions(ModelStats s, Calibration calibration) {
        List<ModelStats.RuleCounts> usable = s.rules.values().stream()
                .filter(ModelStats.RuleCounts::inSpreadsheet)
                .filter(r -> r.fired >= MIN_TO_JUDGE && s.leads - r.fired >= MIN_TO_JUDGE).toList();
        long used = s.leads - s.leadsOutsidePatterns;
        if (usable.isEmpty() || s.converted == 0 || s.converted == s.leads) {
            return new Suggestions(LAMBDA, Double.NaN, "", used, s.leadsOutsidePatterns, List.of(),
                    "No suggestions: they need converted and not converted leads and rules that fired at least "
                            + MIN_TO_JUDGE + " times and did not fire at least as often.", 0, true, null, null);
        }
        int patterns = s.patternList.size();
        double[][] x = new double[patterns][usable.size()];
        for (int i = 0; i < patterns; i++) {
            for (int j = 0; j < usable.size(); j++) {
                x[i][j] = s.patternList.get(i).get(usable.get(j).index) ? 1 : 0;
            }
        }
        Logistic.Fit fit = Logistic.fit(x, counts(s, -1, true), counts(s, -1, false), LAMBDA);
        int[] current = usable.stream().mapToInt(r -> r.points).toArray();
        Calibration rate = calibration;
        double perPoint = exchangeRate(rate);
        int[] suggested = toPoints(fit.coefficients(), perPoint);
        int iterations = 1;
        boolean converged = false;
        for (; iterations < MAX_ROUNDS && !converged; iterations++) {
            long[][] adjusted = totals(s, perPatternChange(x, suggested, current), -1);
            double next = exchangeRate(calibration(adjusted[0], adjusted[1]));
            int[] again = toPoints(fit.coefficients(), next);
            converged = java.util.Arrays.equals(again, suggested);
            perPoint = next;
            suggested = again;
        }
        String scaleNote = Math.abs(perPoint - EXPECTED_LOG_ODDS_PER_POINT) < 1e-12
                ? "conversion does not clearly rise with the total, so 1 point = " + EXPECTED_LOG_ODDS_PER_POINT
                        + " log-odds, the rate domain.md's expected bands imply"
                : "1 point = " + String.format(java.util.Locale.ROOT, "%.4f", perPoint)
                        + " log-odds, the rate at which conversion rises with the total once the suggestions are applied";
        double scale = 1 / perPoint;
        String[] advice = new String[usable.size()];
        int[] low = new int[usable.size()];
        int[] high = new int[usable.size()];
        for (int j = 0; j < usable.size(); j++) {
            double beta = fit.coefficients()[j];
            double se = fit.standardErrors()[j];
            low[j] = (int) Math.round((beta - Z95 * se) * scale);
            high[j] = (int) Math.round((beta + Z95 * se) * scale);
            advice[j] = current[j] >= low[j] && current[j] <= high[j] ? KEEP
                    : suggested[j] > current[j] ? RAISE : LOWER;
        }
        Double[] gains = new Double[usable.size()];
        double[] before = new double[1];
        double after = heldOut(s, x, usable, current, advice, perPoint, gains, before);
        List<Suggestion> rows = new ArrayList<>();
        for (int j = 0; j < usable.size(); j++) {
            ModelStats.RuleCounts r = usable.get(j);
            rows.add(new Suggestion(r.rule, r.source, r.points, suggested[j], fit.coefficients()[j],
                    fit.standardErrors()[j], low[j], high[j], advice[j], gains[j]));
        }
        rows.sort(Comparator.comparing(Suggestion::source, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Suggestions(LAMBDA, perPoint, scaleNote, used, s.leadsOutsidePatterns,
                rows, "Proposed from " + used + " leads; rules that fired fewer than " + MIN_TO_JUDGE
                        + " times are left out. Nothing is applied: edit the draft spreadsheet row by row.",
                iterations, converged, Double.isNaN(before[0]) ? null : before[0], Double.isNaN(after) ? null : after);
    }

    static final String KEEP = "keep: the current points are within the interval";
    static final String RAISE = "raise";
    static final String LOWER = "lower";
    static final int MAX_ROUNDS = 20;

    /** Log-odds per point of total from a calibration, or domain.md's rate when the total does not clearly rank. */
    private static double exchangeRate(Calibration c) {
        double perPoint = c.perPoint();
        return perPoint > 2 * c.perPointStandardError() && perPoint > 0 ? perPoint : EXPECTED_LOG_ODDS_PER_POINT;
    }

    private static int[] toPoints(double[] beta, double perPoint) {
        int[] p = new int[beta.length];
        for (int j = 0; j < beta.length; j++) {
            p[j] = roundTo5(beta[j] / perPoint);
        }
        return p;
    }

    /** Per pattern, how much its total moves when every rule goes from current to suggested points. */
    private static int[] perPatternChange(double[][] x, int[] suggested, int[] current) {
        int[] change = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < suggested.length; j++) {
                change[i] += x[i][j] == 1 ? suggested[j] - current[j] : 0;
            }
        }
        return change;
    }

    /** Leads and converted leads per total (0-100) after {@code change}, of fold {@code fold} (-1: all). */
    private static long[][] totals(ModelStats s, int[] change, int fold) {
        long[][] out = new long[2][101];
        for (int i = 0; i < s.leadsKept; i++) {
            if (fold >= 0 && s.leadFold[i] != fold) {
                continue;
            }
            int t = Math.max(0, Math.min(100, s.leadTotal[i] + change[s.leadPattern[i]]));
            out[0][t]++;
            out[1][t] += s.leadConverted[i] ? 1 : 0;
        }
        return out;
    }

    /** Converted (or not) leads per pattern, of every fold but {@code without} (-1: all folds). */
    private static double[] counts(ModelStats s, int without, boolean converted) {
        double[] c = new double[s.patternList.size()];
        for (int i = 0; i < s.leadsKept; i++) {
            if (s.leadFold[i] != without && s.leadConverted[i] == converted) {
                c[s.leadPattern[i]]++;
            }
        }
        return c;
    }

    /**
     * Held-out AUC, mean over folds, as the raise/lower rows are accepted one by one (largest
     * change in points times leads first), each fold's points fitted on the other folds. Fills
     * {@code gains} per row and {@code before[0]}; returns the AUC with every row accepted.
     */
    private static double heldOut(ModelStats s, double[][] x, List<ModelStats.RuleCounts> usable, int[] current,
            String[] advice, double perPoint, Double[] gains, double[] before) {
        int k = ModelStats.FOLDS;
        int[][] foldPoints = new int[k][];
        for (int f = 0; f < k; f++) {
            Logistic.Fit fit = Logistic.fit(x, counts(s, f, true), counts(s, f, false), LAMBDA);
            foldPoints[f] = toPoints(fit.coefficients(), perPoint);
        }
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < usable.size(); j++) {
            if (!KEEP.equals(advice[j])) {
                order.add(j);
            }
        }
        order.sort(Comparator.comparingDouble((Integer j) -> -Math.abs(foldMean(foldPoints, j) - current[j])
                * usable.get(j).fired));
        int[][] accepted = new int[k][];
        for (int f = 0; f < k; f++) {
            accepted[f] = current.clone();
        }
        double auc = meanAuc(s, x, accepted, current);
        before[0] = auc;
        for (int j : order) {
            for (int f = 0; f < k; f++) {
                accepted[f][j] = foldPoints[f][j];
            }
            double next = meanAuc(s, x, accepted, current);
            gains[j] = next - auc;
            auc = next;
        }
        return order.isEmpty() ? before[0] : auc;
    }

    private static double foldMean(int[][] foldPoints, int j) {
        double m = 0;
        for (int[] p : foldPoints) {
            m += p[j];
        }
        return m / foldPoints.length;
    }

    private static double meanAuc(ModelStats s, double[][] x, int[][] points, int[] current) {
        double sum = 0;
        int n = 0;
        for (int f = 0; f < points.length; f++) {
            long[][] t = totals(s, perPatternChange(x, points[f], current), f);
            double a = auc(t[0], t[1]).value();
            if (!Double.isNaN(a)) {
                sum += a;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static int roundTo5(double v) {
        return (int) Math.max(-100, Math.min(100, Math.round(v / 5) * 5));
    }

    private static List<Flag> flags(ModelStats s, String pattern, List<BandRow> bands, TopQuartile top, Qualified q,
            Auc auc) {
        List<Flag> flags = new ArrayList<>();
        String qualifiedName = ExpectedConversion.PRODUCT_LED.equals(pattern) ? "PQL" : "MQL";
        flags.add(new Flag("history size", s.leads >= 200 ? "OK" : "RED",
                s.leads + " leads scored (domain.md asks for 200+ with known outcomes)"));
        flags.add(new Flag("score inflation", q.shareQualified() > 0.40 ? "RED" : "OK",
                pct(q.shareQualified()) + " of leads above the " + qualifiedName + " threshold (red flag above 40%)"));
        BandRow biggest = bands.stream().max(Comparator.comparingLong(BandRow::leads)).orElse(null);
        if (biggest != null && s.leads > 0) {
            double share = rate(biggest.leads(), s.leads);
            flags.add(new Flag("one band holds most leads", share > 0.50 ? "RED" : "OK",
                    pct(share) + " of leads in " + biggest.band() + " (red flag above 50%)"));
        }
        double overall = rate(s.converted, s.leads);
        double hotLine = ExpectedConversion.scale(0.20, ExpectedConversion.oddsFactor(pattern, overall));
        bands.stream().filter(b -> "HOT".equals(b.band())).findFirst().ifPresent(hot -> flags.add(new Flag(
                "top band conversion", hot.leads() < MIN_TO_JUDGE ? "INFO" : hot.rate() < hotLine ? "RED" : "OK",
                "HOT converts " + pct(hot.rate()) + " of " + hot.leads() + " leads (red flag below " + pct(hotLine)
                        + ": domain.md's 20% moved to this export's base rate)")));
        flags.add(new Flag("band expectations", "INFO", ExpectedConversion.scaleNote(pattern, overall)));
        flags.add(new Flag(qualifiedName + " lift", q.lift() == null ? "INFO" : q.lift() < 2 ? "RED" : "OK",
                q.lift() == null ? "not computable (a side has no leads or no conversions)"
                        : qualifiedName + " convert " + String.format(java.util.Locale.ROOT, "%.1f", q.lift())
                                + "x the rate of the rest (red flag below 2x; PQLs are expected at 3-5x)"));
        double best = Ranking.bestConvertedShare(0.25, overall);
        double line = topQuartileRedLine(overall);
        flags.add(new Flag("converted leads in the top 25% of scores", top.convertedShare() < line ? "RED" : "OK",
                pct(top.convertedShare()) + " of converted leads; a random score puts 25% there and the best possible at "
                        + pct(overall) + " conversion is " + pct(best) + " (red flag below " + pct(line)
                        + ", a third of the way from random to best; 50% when few leads convert)"));
        if (!Double.isNaN(auc.value())) {
            flags.add(new Flag("ranking (ROC AUC)", auc.high() < 0.6 ? "RED" : "OK",
                    String.format(java.util.Locale.ROOT, "%.3f (95%% %.3f-%.3f); 0.5 is a coin toss", auc.value(),
                            auc.low(), auc.high())));
        }
        return flags;
    }

    /**
     * The top-quartile red line: a third of the way from random (25%) to the best share possible
     * at this conversion rate, which is domain.md's 50% whenever at most a quarter of leads convert.
     */
    static double topQuartileRedLine(double conversionRate) {
        double best = Ranking.bestConvertedShare(0.25, conversionRate);
        return 0.25 + (best - 0.25) / 3;
    }

    static String pct(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", v * 100);
    }
}
