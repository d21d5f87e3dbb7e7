package dev.leadscore.backtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.leadscore.backtest.Indicators.Indicator;
import dev.leadscore.backtest.Indicators.Operator;

/**
 * Proposes a scoring table from an export's history. Candidates are the indicators of
 * {@link Indicators}. An L1-penalised logistic model picks the strongest of them (the penalty
 * chosen by k-fold cross-validation, then raised until at most {@code maxRows} are left), the
 * picked ones are refitted with a light L2 penalty, and their weights become whole points at
 * one exchange rate. The whole procedure is repeated inside every fold, so the reported AUC,
 * top-quartile share and lift are those of tables scoring leads they were not built from; next
 * to them, in the same folds, an L2 logistic model on every candidate (the black box).
 */
final class Proposer {
    /**
     * @param maxRows        at most this many criteria rows
     * @param qualifiedShare the share of leads the threshold qualifies (0.2: the top 20%)
     * @param keepLeaking    keep fields that separate outcomes almost perfectly (normally left out)
     */
    record Options(int maxRows, double qualifiedShare, int folds, String qualifiedName, boolean keepLeaking) {
        static Options defaults() {
            return new Options(15, 0.2, 5, "MQL", false);
        }
    }

    /** L2 penalties per lead tried for the baseline and for the refit of the picked criteria. */
    static final double[] L2_GRID = {1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4};
    static final int PATH_STEPS = 30;
    static final double PATH_RATIO = 1e-3;
    /** A whisker of L2 along the L1 path keeps coefficients finite when a value always converts. */
    static final double PATH_L2 = 1e-4;
    /** Points per unit of log-odds when the total has room: the rate domain.md's expected bands imply. */
    static final double POINTS_PER_LOG_ODDS = 1 / Analysis.EXPECTED_LOG_ODDS_PER_POINT;
    static final int MAX_TOTAL = 100;

    /** A table built from some counts: its rows (each a set of indicators) and points. */
    record Table(List<Row> rows, int base, double scale, double lambda) {
        int total(int[] pattern) {
            int t = base;
            for (Row r : rows) {
                if (r.matches(pattern)) {
                    t += r.points;
                }
            }
            return Math.max(0, Math.min(MAX_TOTAL, t));
        }
    }

    record Row(List<Indicator> indicators, int points, double coefficient) {
        boolean matches(int[] pattern) {
            for (Indicator i : indicators) {
                for (int on : pattern) {
                    if (on == i.id()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private final Indicators ind;
    private final SparseLogistic solver;
    private final Options options;

    private Proposer(Indicators ind, Options options) {
        this.ind = ind;
        this.options = options;
        this.solver = new SparseLogistic(new SparseLogistic.Design(ind.indicators.size(), ind.patterns));
    }

    static Proposal propose(String model, ExportProfile profile, Options options) {
        Indicators ind = Indicators.build(profile, options.folds(), options.keepLeaking());
        return new Proposer(ind, options).run(model, profile);
    }

    private Proposal run(String model, ExportProfile profile) {
        int k = options.folds();
        double[][] all = ind.training(-1);
        double[][][] train = new double[k][][];
        for (int f = 0; f < k; f++) {
            train[f] = ind.training(f);
        }
        // the black box: L2 on every candidate, its penalty by held-out deviance
        double bestL2 = L2_GRID[0];
        double bestDeviance = Double.POSITIVE_INFINITY;
        SparseLogistic.Fit[] baselineFits = new SparseLogistic.Fit[k];
        for (double l2 : L2_GRID) {
            double dev = 0;
            SparseLogistic.Fit[] fits = new SparseLogistic.Fit[k];
            for (int f = 0; f < k; f++) {
                fits[f] = solver.fit(train[f][0], train[f][1], 0, l2, null, null);
                dev += solver.deviance(fits[f], ind.pos[f], ind.neg[f]);
            }
            if (dev < bestDeviance) {
                bestDeviance = dev;
                bestL2 = l2;
                baselineFits = fits;
            }
        }
        // the table: the L1 penalty along a path by held-out deviance
        List<Double> path = solver.l1Path(all[0], all[1], PATH_STEPS, PATH_RATIO);
        double[][] pathDeviance = new double[k][path.size()];
        for (int f = 0; f < k; f++) {
            SparseLogistic.Fit fit = null;
            for (int s = 0; s < path.size(); s++) {
                fit = solver.fit(train[f][0], train[f][1], path.get(s), PATH_L2, fit, null);
                pathDeviance[f][s] = solver.deviance(fit, ind.pos[f], ind.neg[f]);
            }
        }
        int chosen = oneStandardError(pathDeviance);
        double qualifiedShare = options.qualifiedShare();
        Ranking[] tableFolds = new Ranking[k];
        Ranking[] boxFolds = new Ranking[k];
        double rows = 0;
        for (int f = 0; f < k; f++) {
            Table t = table(train[f][0], train[f][1], path, chosen, bestL2);
            rows += t.rows().size();
            tableFolds[f] = new Ranking();
            boxFolds[f] = new Ranking();
            for (int r = 0; r < ind.patterns.length; r++) {
                tableFolds[f].add(t.total(ind.patterns[r]), ind.pos[f][r], ind.neg[f][r]);
                boxFolds[f].add(baselineFits[f].eta(ind.patterns[r]), ind.pos[f][r], ind.neg[f][r]);
            }
        }
        Table table = table(all[0], all[1], path, chosen, bestL2);
        long leads = profile.leads;
        long converted = 0;
        for (int i = 0; i < profile.leads; i++) {
            converted += profile.converted[i] ? 1 : 0;
        }
        double rate = Analysis.rate(converted, leads);
        Proposal.Evaluation evaluation = new Proposal.Evaluation(k, ind.indicators.size(), bestL2, table.lambda(),
                heldOut("proposed table", tableFolds, rate, qualifiedShare, rows / k),
                heldOut("logistic regression on all " + ind.indicators.size() + " candidates", boxFolds, rate,
                        qualifiedShare, ind.indicators.size()));
        List<Proposal.Criterion> criteria = criteria(table, all);
        List<String> warnings = new ArrayList<>();
        if (leads < 200) {
            warnings.add(leads + " leads with outcomes: intervals are wide below 200 and the proposal is a sketch");
        }
        ind.excluded.stream().filter(e -> e.reason().contains("rank outcomes almost perfectly"))
                .forEach(e -> warnings.add("Possible leakage: '" + e.field() + "' " + e.reason()
                        + ". Left out of the proposal; check when it is filled in."));
        if (criteria.isEmpty()) {
            warnings.add("No criterion ranks held-out leads better than chance: the mapped fields do not tell converted"
                    + " from not converted leads in this export (held-out AUC of the baseline "
                    + String.format(Locale.ROOT, "%.3f", evaluation.baseline().auc()) + ")");
        }
        int threshold = threshold(table, all, qualifiedShare);
        return new Proposal(model, options.qualifiedName(), options.maxRows(), qualifiedShare, threshold,
                shareAtOrAbove(table, all, threshold), table.base(), table.scale(), leads, converted, rate, criteria,
                evaluation, ind.profiles, ind.excluded, warnings);
    }

    /**
     * The largest penalty whose mean held-out deviance is within one standard error (across
     * folds) of the lowest: as good as the best within the noise of the folds, with fewer rows.
     */
    static int oneStandardError(double[][] deviance) {
        int k = deviance.length;
        int steps = deviance[0].length;
        double[] mean = new double[steps];
        double[] se = new double[steps];
        int best = 0;
        for (int s = 0; s < steps; s++) {
            for (double[] fold : deviance) {
                mean[s] += fold[s] / k;
            }
            double var = 0;
            for (double[] fold : deviance) {
                var += (fold[s] - mean[s]) * (fold[s] - mean[s]);
            }
            se[s] = k > 1 ? Math.sqrt(var / (k - 1) / k) : 0;
            if (mean[s] < mean[best]) {
                best = s;
            }
        }
        for (int s = 0; s < best; s++) {
            if (mean[s] <= mean[best] + se[best]) {
                return s;
            }
        }
        return best;
    }

    private static Proposal.HeldOut heldOut(String what, Ranking[] folds, double rate, double qualifiedShare,
            double rows) {
        List<Double> auc = new ArrayList<>();
        double top = 0;
        double lift = 0;
        int liftFolds = 0;
        for (Ranking r : folds) {
            auc.add(r.auc());
            top += r.convertedShareInTop(0.25);
            double l = r.liftOfTop(qualifiedShare);
            if (!Double.isNaN(l)) {
                lift += l;
                liftFolds++;
            }
        }
        double mean = auc.stream().mapToDouble(Double::doubleValue).filter(a -> !Double.isNaN(a)).average().orElse(Double.NaN);
        return new Proposal.HeldOut(what, mean, auc, top / folds.length, Ranking.bestConvertedShare(0.25, rate),
                liftFolds == 0 ? Double.NaN : lift / liftFolds, rows);
    }

    /**
     * The table from these counts: along the L1 path down to {@code chosen}, the last step with at
     * most {@code maxRows} indicators picks the criteria; they are refitted with L2 penalty
     * {@code l2}; indicators of one field with equal points share a row.
     */
    Table table(double[] pos, double[] neg, List<Double> path, int chosen, double l2) {
        SparseLogistic.Fit fit = null;
        SparseLogistic.Fit picked = null;
        double lambda = path.get(0);
        for (int s = 0; s <= chosen; s++) {
            fit = solver.fit(pos, neg, path.get(s), PATH_L2, fit, null);
            if (fit.nonZero() <= options.maxRows()) {
                picked = fit;
                lambda = path.get(s);
            } else {
                break;
            }
        }
        boolean[] allowed = new boolean[ind.indicators.size()];
        for (int j = 0; j < allowed.length; j++) {
            allowed[j] = picked != null && picked.beta()[j] != 0;
        }
        SparseLogistic.Fit refit = solver.fit(pos, neg, 0, l2, null, allowed);
        double[] beta = refit.beta();
        // the exchange rate: the model's rate unless the spread of totals would not fit in 0-100
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < ind.patterns.length; r++) {
            if (pos[r] + neg[r] == 0) {
                continue;
            }
            double raw = refit.eta(ind.patterns[r]) - refit.intercept();
            low = Math.min(low, raw);
            high = Math.max(high, raw);
        }
        double spread = high > low ? high - low : 0;
        double scale = spread * POINTS_PER_LOG_ODDS > MAX_TOTAL ? MAX_TOTAL / spread : POINTS_PER_LOG_ODDS;
        Map<String, List<Indicator>> groups = new LinkedHashMap<>();
        Map<String, Integer> points = new LinkedHashMap<>();
        Map<String, Double> coefficients = new LinkedHashMap<>();
        List<Indicator> ordered = new ArrayList<>(ind.indicators);
        // ranges of one field in ascending order, so adjacent buckets with equal points share a row
        ordered.sort(Comparator.comparing((Indicator i) -> i.field().name).thenComparing(
                (Indicator i) -> i.from() == null ? Double.NEGATIVE_INFINITY : i.from()));
        Indicator previous = null;
        String previousKey = null;
        for (Indicator i : ordered) {
            int p = (int) Math.round(beta[i.id()] * scale);
            if (!allowed[i.id()] || p == 0) {
                previous = null;
                continue;
            }
            String key;
            if (i.operator() == Operator.IS_ANY_OF) {
                key = i.field().name + "\u0000" + p;
            } else if (i.operator() == Operator.RANGE && previous != null && previous.operator() == Operator.RANGE
                    && previous.field() == i.field() && points.get(previousKey) == p && previous.below() != null
                    && previous.below().equals(i.from())) {
                key = previousKey;
            } else {
                key = "#" + i.id();
            }
            previous = i;
            previousKey = key;
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(i);
            points.put(key, p);
            coefficients.merge(key, beta[i.id()], (a, b) -> Math.abs(a) >= Math.abs(b) ? a : b);
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, list) -> rows.add(new Row(List.copyOf(list), points.get(key), coefficients.get(key))));
        rows.sort(Comparator.comparingInt((Row r) -> -Math.abs(r.points())));
        int lowest = Integer.MAX_VALUE;
        Table unbased = new Table(rows, 0, scale, lambda);
        for (int r = 0; r < ind.patterns.length; r++) {
            if (pos[r] + neg[r] > 0) {
                int t = 0;
                for (Row row : rows) {
                    t += row.matches(ind.patterns[r]) ? row.points() : 0;
                }
                lowest = Math.min(lowest, t);
            }
        }
        return new Table(unbased.rows(), lowest == Integer.MAX_VALUE ? 0 : Math.max(0, -lowest), scale, lambda);
    }

    /** The total at which the share of leads at or above it comes closest to {@code share}. */
    private int threshold(Table t, double[][] all, double share) {
        double[] byTotal = new double[MAX_TOTAL + 1];
        double n = 0;
        for (int r = 0; r < ind.patterns.length; r++) {
            double c = all[0][r] + all[1][r];
            byTotal[t.total(ind.patterns[r])] += c;
            n += c;
        }
        int best = MAX_TOTAL;
        double bestGap = Double.POSITIVE_INFINITY;
        double above = 0;
        for (int total = MAX_TOTAL; total >= 0; total--) {
            above += byTotal[total];
            if (byTotal[total] == 0 || n == 0) {
                continue;
            }
            double gap = Math.abs(above / n - share);
            if (gap < bestGap && above < n) {
                bestGap = gap;
                best = total;
            }
        }
        return best;
    }

    private double shareAtOrAbove(Table t, double[][] all, int threshold) {
        double n = 0;
        double above = 0;
        for (int r = 0; r < ind.patterns.length; r++) {
            double c = all[0][r] + all[1][r];
            n += c;
            above += t.total(ind.patterns[r]) >= threshold ? c : 0;
        }
        return n == 0 ? 0 : above / n;
    }

    private List<Proposal.Criterion> criteria(Table t, double[][] all) {
        List<Proposal.Criterion> out = new ArrayList<>();
        double totalLeads = 0;
        double totalConverted = 0;
        for (int r = 0; r < ind.patterns.length; r++) {
            totalLeads += all[0][r] + all[1][r];
            totalConverted += all[0][r];
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Row row : t.rows()) {
            long n = 0;
            long k = 0;
            for (int r = 0; r < ind.patterns.length; r++) {
                if (row.matches(ind.patterns[r])) {
                    n += (long) (all[0][r] + all[1][r]);
                    k += (long) all[0][r];
                }
            }
            long on = (long) totalLeads - n;
            long ok = (long) totalConverted - k;
            Double[] lift = Analysis.lift(k, n, ok, on);
            Indicator last = row.indicators().get(row.indicators().size() - 1);
            Indicator head = row.indicators().get(0);
            // adjacent buckets sharing a row read as one range
            Indicator first = new Indicator(head.id(), head.field(), head.operator(), head.value(), head.from(),
                    last.below());
            String operator = switch (first.operator()) {
                case IS_ANY_OF -> "is any of";
                case IS_EMPTY -> "is empty";
                case RANGE -> "from/below";
            };
            List<String> values = row.indicators().stream().filter(i -> i.value() != null).map(Indicator::value).toList();
            String condition = first.operator() == Operator.IS_ANY_OF
                    ? first.field().name + " is " + String.join(" or ", values)
                    : first.describe();
            String reason = condition + ": converts " + Analysis.pct(Analysis.rate(k, n)) + " vs "
                    + Analysis.pct(Analysis.rate(ok, on)) + " for the others";
            String name = name(first, values);
            for (int copy = 2; !names.add(name); copy++) {
                name = name(first, values) + " (" + copy + ")";
            }
            out.add(new Proposal.Criterion(name, first.field().table == ExportProfile.Table.FIT ? "Fit"
                    : "Engagement", first.field().name, operator, values, first.from(), first.below(), row.points(),
                    reason, new Proposal.Evidence(n, k, Analysis.rate(k, n), Analysis.rate(ok, on), lift[0], lift[1],
                            lift[2], row.coefficient())));
        }
        return out;
    }

    /** A rule name that reads as words and is unique in the table (the condition is unique per row). */
    private static String name(Indicator i, List<String> values) {
        String base = switch (i.operator()) {
            case IS_ANY_OF -> i.field().name + " " + String.join(" or ", values);
            case IS_EMPTY -> i.field().name + " unknown";
            case RANGE -> i.describe();
        };
        String clean = base.replaceAll("[\\p{Cntrl}]", " ").strip();
        return clean.length() > 120 ? clean.substring(0, 117) + "..." : clean.toLowerCase(Locale.ROOT).equals(clean)
                ? Character.toUpperCase(clean.charAt(0)) + clean.substring(1) : clean;
    }
}
