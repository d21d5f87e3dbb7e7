package dev.leadscore.backtest;

import java.math.BigDecimal;
import java.util.List;

/**
 * A model proposed from history, in terms of the business tables but in no file format: typed
 * criteria rows (field, operator, values or a numeric range, points, reason shown to sales) each
 * with its evidence, base points, the qualification threshold, and how the table and a
 * black-box baseline rank leads they were not fitted on. Rates are fractions; intervals 95%.
 *
 * @param qualifiedName   MQL or PQL: what the threshold qualifies
 * @param qualifiedShare  the share of leads the threshold puts at or above it (0.2: the top 20%)
 * @param threshold       the lowest total that qualifies
 * @param shareAtThreshold the share of the export's leads at or above the threshold (ties make it
 *                        differ from {@code qualifiedShare}; 0 when no total reaches it)
 * @param basePoints      points every lead starts with, so no total falls below 0
 * @param pointsPerLogOdds the exchange rate used: points per unit of log-odds of converting
 */
public record Proposal(String model, String qualifiedName, int maxRows, double qualifiedShare, int threshold,
        double shareAtThreshold,
        int basePoints, double pointsPerLogOdds, long leads, long converted, double conversionRate,
        List<Criterion> criteria, Evaluation evaluation, List<FieldProfile> profile, List<Excluded> excluded,
        List<String> warnings) {

    /**
     * One row of a table: {@code table} is Fit or Engagement; {@code operator} one of the
     * catalogue's "is any of", "is empty", "from/below" (a numeric range; either end may be open).
     */
    public record Criterion(String name, String table, String field, String operator, List<String> values, Double from,
            Double below, int points, String reason, Evidence evidence) {
    }

    /**
     * @param lift        conversion of the matched leads divided by that of the others
     * @param coefficient the log-odds the fitted model gives the criterion, all other rows held fixed
     */
    public record Evidence(long leads, long converted, double rate, double otherRate, Double lift, Double liftLow,
            Double liftHigh, double coefficient) {
    }

    /**
     * Held-out figures: each fold's leads are scored by a table (or baseline) fitted on the other
     * folds only. {@code lambda}: the penalties per lead chosen by cross-validation.
     */
    public record Evaluation(int folds, int candidates, double baselineLambda, double selectionLambda, HeldOut proposal,
            HeldOut baseline) {
    }

    /**
     * @param auc                   mean over folds of the ROC AUC on the fold's own leads
     * @param topQuartileShare      share of converted leads in the top 25% of held-out scores
     * @param bestTopQuartileShare  the best share any score can reach at this conversion rate
     * @param qualifiedLift         conversion of the top {@code qualifiedShare} over the rest
     */
    public record HeldOut(String what, double auc, List<Double> foldAuc, double topQuartileShare,
            double bestTopQuartileShare, double qualifiedLift, double meanRows) {
    }

    /** A field of the export: its values (or buckets, or empty) with counts and conversion. */
    public record FieldProfile(String field, String mappedFrom, String kind, List<ValueCount> values,
            double separation) {
    }

    public record ValueCount(String value, long leads, long converted, double rate) {
    }

    public record Excluded(String field, String reason) {
    }

    /** A number as a table cell shows it: no trailing zeros, no exponent. */
    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
