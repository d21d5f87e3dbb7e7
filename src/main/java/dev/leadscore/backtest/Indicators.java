package dev.leadscore.backtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.leadscore.backtest.ExportProfile.Field;
import dev.leadscore.backtest.ExportProfile.Kind;

/**
 * The candidate criteria of a proposal: one yes/no indicator per frequent value of a text or
 * list field, per quantile bucket of a numeric field, and per field that is often empty; and,
 * per distinct pattern of indicators, how many leads of each cross-validation fold have it and
 * how many of them converted.
 */
final class Indicators {
    /** A value, bucket or "empty" needs at least this many leads to be a candidate. */
    static final int MIN_LEADS = Analysis.MIN_TO_JUDGE;
    /** The most frequent values of one field that become candidates. */
    static final int MAX_VALUES_PER_FIELD = 40;
    /** The values of one field the report lists. */
    static final int PROFILE_VALUES = 25;
    /** A text field with more distinct values than this share of its leads names leads, it does not describe them. */
    static final double IDENTIFIER_SHARE = 0.5;
    /** A field whose values alone rank outcomes at least this well (AUC) is suspected of leaking the outcome. */
    static final double LEAKAGE_AUC = 0.95;

    enum Operator {
        IS_ANY_OF, IS_EMPTY, RANGE
    }

    /** One candidate: {@code field} {@code operator} {@code value} (or from/below for a range). */
    record Indicator(int id, Field field, Operator operator, String value, Double from, Double below) {
        String describe() {
            return switch (operator) {
                case IS_ANY_OF -> field.name + " is " + value;
                case IS_EMPTY -> field.name + " is empty";
                case RANGE -> field.name + (from == null ? "" : " from " + Proposal.number(from))
                        + (below == null ? "" : " below " + Proposal.number(below));
            };
        }
    }

    final ExportProfile profile;
    final int folds;
    final List<Indicator> indicators = new ArrayList<>();
    final List<Proposal.Excluded> excluded = new ArrayList<>();
    final Map<Field, double[]> cuts = new HashMap<>();
    /** What each field holds: values (or buckets) with counts and conversion, empty as its own value. */
    final List<Proposal.FieldProfile> profiles = new ArrayList<>();
    /** Field name -> AUC of ranking leads by the conversion rate of their value of that field. */
    final Map<String, Double> separation = new HashMap<>();
    /** distinct indicator patterns */
    int[][] patterns;
    /** [fold][pattern] leads converted / not converted */
    double[][] pos;
    double[][] neg;

    private Indicators(ExportProfile profile, int folds) {
        this.profile = profile;
        this.folds = folds;
    }

    static Indicators build(ExportProfile profile, int folds, boolean keepLeaking) {
        Indicators ind = new Indicators(profile, folds);
        for (Field f : profile.fields) {
            ind.candidates(f, keepLeaking);
        }
        ind.group();
        return ind;
    }

    /** The fold of a lead, from its line: fixed, so a run can be repeated and checked. */
    static int foldOf(long line, int folds) {
        long z = line + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) Math.floorMod(z, (long) folds);
    }

    /** The per-lead category of a field that candidates and profiles share: dictionary code, bucket, -1 empty. */
    int valueOf(Field f, int lead) {
        if (f.kind == Kind.NUMBER) {
            double v = f.number[lead];
            return Double.isNaN(v) ? -1 : NumericBuckets.bucketOf(cuts.get(f), v);
        }
        return f.code[lead];
    }

    private void candidates(Field f, boolean keepLeaking) {
        int n = profile.leads;
        if (f.kind == Kind.NUMBER) {
            cuts.put(f, NumericBuckets.cuts(f.number, n));
        }
        // counts per value: [leads, converted]; index dictionary size = empty
        int values = f.kind == Kind.NUMBER ? cuts.get(f).length + 1 : f.dictionary.size();
        long[][] counts = new long[values + 1][2];
        for (int i = 0; i < n; i++) {
            int c = profile.converted[i] ? 1 : 0;
            if (f.kind == Kind.LIST) {
                int[] items = f.list.get(i);
                if (items.length == 0) {
                    counts[values][0]++;
                    counts[values][1] += c;
                }
                for (int v : items) {
                    counts[v][0]++;
                    counts[v][1] += c;
                }
            } else {
                int v = valueOf(f, i);
                int k = v < 0 ? values : v;
                counts[k][0]++;
                counts[k][1] += c;
            }
        }
        long known = n - counts[values][0];
        profiles.add(profileOf(f, counts, values));
        if (f.kind == Kind.CATEGORY && known > 0 && f.dictionary.size() > Math.max(MAX_VALUES_PER_FIELD, IDENTIFIER_SHARE * known)) {
            excluded.add(new Proposal.Excluded(f.name, f.dictionary.size() + " distinct values in " + known
                    + " leads: it names leads rather than describing them"));
            return;
        }
        if (f.kind != Kind.LIST) {
            double auc = separation(counts);
            separation.put(f.name, auc);
            if (!keepLeaking && auc >= LEAKAGE_AUC) {
                excluded.add(new Proposal.Excluded(f.name, String.format(java.util.Locale.ROOT,
                        "its values alone rank outcomes almost perfectly (AUC %.3f): probably filled in after contact"
                                + " (a sales label), so it cannot score new leads", auc)));
                return;
            }
        }
        Integer[] order = new Integer[values];
        for (int v = 0; v < values; v++) {
            order[v] = v;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer v) -> counts[v][0]).reversed());
        int kept = 0;
        for (int v : order) {
            if (counts[v][0] < MIN_LEADS || counts[v][0] == n || kept >= MAX_VALUES_PER_FIELD) {
                continue;
            }
            // a list cell separates values by commas: a value holding one cannot be written as a criterion
            if (f.kind != Kind.NUMBER && f.dictionary.get(v).contains(",")) {
                continue;
            }
            kept++;
            if (f.kind == Kind.NUMBER) {
                double[] c = cuts.get(f);
                indicators.add(new Indicator(indicators.size(), f, Operator.RANGE, null, v == 0 ? null : c[v - 1],
                        v == c.length ? null : c[v]));
            } else {
                indicators.add(new Indicator(indicators.size(), f, Operator.IS_ANY_OF, f.dictionary.get(v), null, null));
            }
        }
        boolean emptyIsACriterion = f.table == ExportProfile.Table.FIT;
        if (emptyIsACriterion && counts[values][0] >= MIN_LEADS && counts[values][0] < n) {
            indicators.add(new Indicator(indicators.size(), f, Operator.IS_EMPTY, null, null, null));
        }
    }

    /** The profile of one field: its most frequent values (or its buckets in order) and empty. */
    private Proposal.FieldProfile profileOf(Field f, long[][] counts, int values) {
        List<Proposal.ValueCount> rows = new ArrayList<>();
        for (int v = 0; v < values; v++) {
            String label;
            if (f.kind == Kind.NUMBER) {
                double[] c = cuts.get(f);
                if (c.length == 0) {
                    label = "any";
                } else {
                    label = v == 0 ? "below " + Proposal.number(c[0])
                            : "from " + Proposal.number(c[v - 1]) + (v == c.length ? "" : " below " + Proposal.number(c[v]));
                }
            } else {
                label = f.dictionary.get(v);
            }
            rows.add(new Proposal.ValueCount(label, counts[v][0], counts[v][1], Analysis.rate(counts[v][1], counts[v][0])));
        }
        if (f.kind != Kind.NUMBER) {
            rows.sort(Comparator.comparingLong(Proposal.ValueCount::leads).reversed());
            if (rows.size() > PROFILE_VALUES) {
                rows = new ArrayList<>(rows.subList(0, PROFILE_VALUES));
            }
        }
        rows.add(new Proposal.ValueCount("(empty)", counts[values][0], counts[values][1],
                Analysis.rate(counts[values][1], counts[values][0])));
        return new Proposal.FieldProfile(f.name, f.mappedFrom, f.kind.name().toLowerCase(java.util.Locale.ROOT), rows,
                f.kind == Kind.LIST ? Double.NaN : separation(counts));
    }

    /** In-sample AUC of ranking leads by their value's conversion rate (1 - AUC when below 0.5). */
    static double separation(long[][] counts) {
        Ranking r = new Ranking();
        for (long[] c : counts) {
            if (c[0] > 0) {
                r.add((double) c[1] / c[0], c[1], c[0] - c[1]);
            }
        }
        double auc = r.auc();
        return Double.isNaN(auc) ? 0.5 : Math.max(auc, 1 - auc);
    }

    /** The indicators a lead has on, ascending. */
    int[] activeOf(int lead) {
        List<Integer> on = new ArrayList<>();
        for (Indicator ind : indicators) {
            if (matches(ind, lead)) {
                on.add(ind.id());
            }
        }
        return on.stream().mapToInt(Integer::intValue).toArray();
    }

    boolean matches(Indicator ind, int lead) {
        Field f = ind.field();
        return switch (ind.operator()) {
            case IS_EMPTY -> f.kind == Kind.LIST ? f.list.get(lead).length == 0 : valueOf(f, lead) < 0;
            case RANGE -> {
                double v = f.number[lead];
                yield !Double.isNaN(v) && (ind.from() == null || v >= ind.from()) && (ind.below() == null || v < ind.below());
            }
            case IS_ANY_OF -> {
                int code = f.codeOf(ind.value());
                if (f.kind == Kind.LIST) {
                    boolean found = false;
                    for (int c : f.list.get(lead)) {
                        found |= c == code;
                    }
                    yield found;
                }
                yield f.code[lead] == code;
            }
        };
    }

    private record Key(int[] on) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(on, k.on);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(on);
        }
    }

    private void group() {
        Map<Key, Integer> index = new HashMap<>();
        List<int[]> rows = new ArrayList<>();
        List<double[]> p = new ArrayList<>();
        List<double[]> q = new ArrayList<>();
        for (int i = 0; i < profile.leads; i++) {
            int[] on = activeOf(i);
            int row = index.computeIfAbsent(new Key(on), k -> {
                rows.add(on);
                p.add(new double[folds]);
                q.add(new double[folds]);
                return rows.size() - 1;
            });
            int fold = foldOf(profile.lines[i], folds);
            if (profile.converted[i]) {
                p.get(row)[fold]++;
            } else {
                q.get(row)[fold]++;
            }
        }
        patterns = rows.toArray(int[][]::new);
        pos = new double[folds][patterns.length];
        neg = new double[folds][patterns.length];
        for (int r = 0; r < patterns.length; r++) {
            for (int f = 0; f < folds; f++) {
                pos[f][r] = p.get(r)[f];
                neg[f][r] = q.get(r)[f];
            }
        }
    }

    /** Counts of all folds but {@code fold} (-1: of all folds). */
    double[][] training(int fold) {
        double[] tp = new double[patterns.length];
        double[] tn = new double[patterns.length];
        for (int f = 0; f < folds; f++) {
            if (f == fold) {
                continue;
            }
            for (int r = 0; r < patterns.length; r++) {
                tp[r] += pos[f][r];
                tn[r] += neg[f][r];
            }
        }
        return new double[][] {tp, tn};
    }
}
