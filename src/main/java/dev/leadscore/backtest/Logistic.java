package dev.leadscore.backtest;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Logistic regression with an L2 penalty on the coefficients (not the intercept), fitted by
 * Newton's method on grouped rows: each row is a feature vector seen {@code pos} times with the
 * outcome and {@code neg} times without. Grouping lets a million leads with a few thousand
 * distinct rule-firing patterns fit in a few thousand rows.
 */
final class Logistic {
    /** Keeps the intercept finite when every lead converted (or none did). */
    private static final double INTERCEPT_PENALTY = 1e-6;

    record Fit(double intercept, double[] coefficients, double[] standardErrors, boolean converged) {
    }

    private Logistic() {
    }

    static Fit fit(double[][] x, double[] pos, double[] neg, double lambda) {
        int k = x.length == 0 ? 0 : x[0].length;
        int p = k + 1;
        double[] beta = new double[p];
        RealMatrix info = null;
        boolean converged = false;
        for (int iteration = 0; iteration < 100 && !converged; iteration++) {
            double[] gradient = new double[p];
            double[][] h = new double[p][p];
            for (int i = 0; i < x.length; i++) {
                double n = pos[i] + neg[i];
                if (n == 0) {
                    continue;
                }
                double eta = beta[0];
                for (int j = 0; j < k; j++) {
                    eta += beta[j + 1] * x[i][j];
                }
                double prob = 1 / (1 + Math.exp(-eta));
                double residual = pos[i] - n * prob;
                double w = n * prob * (1 - prob);
                for (int a = 0; a < p; a++) {
                    double xa = a == 0 ? 1 : x[i][a - 1];
                    if (xa == 0) {
                        continue;
                    }
                    gradient[a] += residual * xa;
                    for (int b = 0; b < p; b++) {
                        double xb = b == 0 ? 1 : x[i][b - 1];
                        h[a][b] += w * xa * xb;
                    }
                }
            }
            for (int a = 0; a < p; a++) {
                double penalty = a == 0 ? INTERCEPT_PENALTY : lambda;
                gradient[a] -= penalty * beta[a];
                h[a][a] += penalty;
            }
            info = new Array2DRowRealMatrix(h, false);
            DecompositionSolver solver = new LUDecomposition(info).getSolver();
            double[] step = solver.solve(new ArrayRealVector(gradient, false)).toArray();
            double largest = 0;
            for (int a = 0; a < p; a++) {
                beta[a] += step[a];
                largest = Math.max(largest, Math.abs(step[a]));
            }
            converged = largest < 1e-9;
        }
        double[] se = new double[k];
        if (info != null) {
            RealMatrix inverse = new LUDecomposition(info).getSolver().getInverse();
            for (int j = 0; j < k; j++) {
                se[j] = Math.sqrt(inverse.getEntry(j + 1, j + 1));
            }
        }
        double[] coefficients = new double[k];
        System.arraycopy(beta, 1, coefficients, 0, k);
        return new Fit(beta[0], coefficients, se, converged);
    }
}
