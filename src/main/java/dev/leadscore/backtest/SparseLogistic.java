package dev.leadscore.backtest;

import java.util.ArrayList;
import java.util.List;

/**
 * Logistic regression on yes/no indicators with an elastic-net penalty (L1 to select, L2 to
 * shrink), fitted by iteratively reweighted least squares with coordinate descent inside each
 * step. Rows are distinct indicator patterns, each seen {@code pos} times with the outcome and
 * {@code neg} times without, so an export of many leads with few distinct patterns fits fast.
 * Penalties are per lead (multiplied by the number of leads), so one value means the same on
 * any size of export. The intercept is not penalised.
 */
final class SparseLogistic {
    private static final int MAX_OUTER = 60;
    private static final int MAX_INNER = 500;
    /** Inner sweeps stop when no weighted squared change exceeds this share of the total weight. */
    private static final double TOLERANCE = 1e-7;

    /**
     * @param features how many indicators there are
     * @param rows     the indicators that are on in each pattern
     */
    record Design(int features, int[][] rows) {
        /** For each indicator, the patterns it is on in. */
        int[][] columns() {
            int[] count = new int[features];
            for (int[] r : rows) {
                for (int j : r) {
                    count[j]++;
                }
            }
            int[][] cols = new int[features][];
            for (int j = 0; j < features; j++) {
                cols[j] = new int[count[j]];
            }
            int[] fill = new int[features];
            for (int i = 0; i < rows.length; i++) {
                for (int j : rows[i]) {
                    cols[j][fill[j]++] = i;
                }
            }
            return cols;
        }
    }

    record Fit(double intercept, double[] beta) {
        double eta(int[] row) {
            double e = intercept;
            for (int j : row) {
                e += beta[j];
            }
            return e;
        }

        int nonZero() {
            int n = 0;
            for (double b : beta) {
                n += b != 0 ? 1 : 0;
            }
            return n;
        }
    }

    private final Design design;
    private final int[][] columns;

    SparseLogistic(Design design) {
        this.design = design;
        this.columns = design.columns();
    }

    /**
     * Fits with L1 penalty {@code l1} and L2 penalty {@code l2} per lead, starting from
     * {@code start} (null: from the overall rate); indicators not in {@code allowed} (null: all)
     * stay at 0.
     */
    Fit fit(double[] pos, double[] neg, double l1, double l2, Fit start, boolean[] allowed) {
        int n = design.rows().length;
        int p = design.features();
        double total = 0;
        double positives = 0;
        for (int i = 0; i < n; i++) {
            total += pos[i] + neg[i];
            positives += pos[i];
        }
        double[] beta = start == null ? new double[p] : start.beta().clone();
        double rate = Math.min(1 - 1e-6, Math.max(1e-6, total == 0 ? 0.5 : positives / total));
        double intercept = start == null ? Math.log(rate / (1 - rate)) : start.intercept();
        if (allowed != null) {
            for (int j = 0; j < p; j++) {
                if (!allowed[j]) {
                    beta[j] = 0;
                }
            }
        }
        double lambda1 = l1 * total;
        double lambda2 = l2 * total;
        double[] w = new double[n];
        double[] r = new double[n];
        for (int outer = 0; outer < MAX_OUTER; outer++) {
            double[] before = beta.clone();
            double interceptBefore = intercept;
            double sumW = 0;
            for (int i = 0; i < n; i++) {
                double m = pos[i] + neg[i];
                double eta = intercept;
                for (int j : design.rows()[i]) {
                    eta += beta[j];
                }
                double prob = 1 / (1 + Math.exp(-eta));
                prob = Math.min(1 - 1e-5, Math.max(1e-5, prob));
                w[i] = m * prob * (1 - prob);
                // the working residual of IRLS: (observed rate - fitted) / variance
                r[i] = m == 0 ? 0 : (pos[i] - m * prob) / (m * prob * (1 - prob));
                sumW += w[i];
            }
            if (sumW == 0) {
                break;
            }
            for (int inner = 0; inner < MAX_INNER; inner++) {
                double change = 0;
                double g0 = 0;
                for (int i = 0; i < n; i++) {
                    g0 += w[i] * r[i];
                }
                double d0 = g0 / sumW;
                intercept += d0;
                for (int i = 0; i < n; i++) {
                    r[i] -= d0;
                }
                change = Math.max(change, sumW * d0 * d0);
                for (int j = 0; j < p; j++) {
                    if (allowed != null && !allowed[j]) {
                        continue;
                    }
                    int[] col = columns[j];
                    double sw = 0;
                    double g = 0;
                    for (int i : col) {
                        sw += w[i];
                        g += w[i] * r[i];
                    }
                    g += sw * beta[j];
                    double updated = soft(g, lambda1) / (sw + lambda2 + 1e-12);
                    double delta = updated - beta[j];
                    if (delta != 0) {
                        for (int i : col) {
                            r[i] -= delta;
                        }
                        beta[j] = updated;
                        change = Math.max(change, sw * delta * delta);
                    }
                }
                if (change < TOLERANCE * sumW) {
                    break;
                }
            }
            double largest = Math.abs(intercept - interceptBefore);
            for (int j = 0; j < p; j++) {
                largest = Math.max(largest, Math.abs(beta[j] - before[j]));
            }
            if (largest < 1e-5) {
                break;
            }
        }
        return new Fit(intercept, beta);
    }

    private static double soft(double g, double lambda) {
        return g > lambda ? g - lambda : g < -lambda ? g + lambda : 0;
    }

    /** The smallest L1 penalty per lead at which every indicator stays at 0. */
    double largestUsefulL1(double[] pos, double[] neg) {
        double total = 0;
        double positives = 0;
        for (int i = 0; i < pos.length; i++) {
            total += pos[i] + neg[i];
            positives += pos[i];
        }
        double rate = total == 0 ? 0 : positives / total;
        double largest = 0;
        for (int[] col : columns) {
            double g = 0;
            for (int i : col) {
                g += pos[i] - (pos[i] + neg[i]) * rate;
            }
            largest = Math.max(largest, Math.abs(g));
        }
        return total == 0 ? 0 : largest / total;
    }

    /** A descending geometric grid of L1 penalties from the largest useful one. */
    List<Double> l1Path(double[] pos, double[] neg, int steps, double ratio) {
        double top = largestUsefulL1(pos, neg);
        List<Double> path = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            path.add(top * Math.pow(ratio, (double) s / (steps - 1)));
        }
        return path;
    }

    /** Mean negative log-likelihood per lead of {@code fit} on the given counts. */
    double deviance(Fit fit, double[] pos, double[] neg) {
        double loss = 0;
        double total = 0;
        for (int i = 0; i < pos.length; i++) {
            if (pos[i] + neg[i] == 0) {
                continue;
            }
            double eta = fit.eta(design.rows()[i]);
            // log(1 + e^eta) computed without overflow
            double softplus = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
            loss += pos[i] * (softplus - eta) + neg[i] * softplus;
            total += pos[i] + neg[i];
        }
        return total == 0 ? 0 : loss / total;
    }
}
