package dev.leadscore.backtest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cut points of a numeric field at its quantiles, rounded to two significant digits so a table
 * row reads "Employees from 50 below 200" rather than "from 47.3". Equal cuts collapse, so a
 * field with few distinct values gets fewer buckets.
 */
final class NumericBuckets {
    /** A CRM field with more distinct numbers than this is bucketed; with fewer, each value is its own. */
    static final int MANY_VALUES = 12;
    static final int BUCKETS = 5;

    private NumericBuckets() {
    }

    /** Ascending cut points splitting {@code values} (NaN = empty, ignored) into about {@link #BUCKETS} buckets. */
    static double[] cuts(double[] values, int n) {
        double[] known = Arrays.stream(values, 0, n).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (known.length == 0) {
            return new double[0];
        }
        List<Double> cuts = new ArrayList<>();
        for (int q = 1; q < BUCKETS; q++) {
            double raw = known[(int) Math.min(known.length - 1, Math.floor((double) q * known.length / BUCKETS))];
            double cut = BigDecimal.valueOf(raw).round(new MathContext(2)).doubleValue();
            if (cut > known[0] && cut <= known[known.length - 1] && (cuts.isEmpty() || cut > cuts.get(cuts.size() - 1))) {
                cuts.add(cut);
            }
        }
        return cuts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The bucket of {@code v}: 0 below the first cut, i from cut i-1 below cut i, cuts.length from the last. */
    static int bucketOf(double[] cuts, double v) {
        int b = 0;
        while (b < cuts.length && v >= cuts[b]) {
            b++;
        }
        return b;
    }
}
