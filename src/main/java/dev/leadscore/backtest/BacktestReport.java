package dev.leadscore.backtest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The backtest result as JSON and as the model behind the HTML page. Rates are fractions (0.12
 * = 12%); intervals are 95%.
 */
public record BacktestReport(Instant generatedAt, Inputs inputs, ImportSummary imported, ModelReport active,
        ModelReport draft, Comparison comparison) {

    /**
     * The same report with the per-lead scores named by a link relative to the report (a file
     * next to it, or the service's own download), never by where a run kept them on disk.
     */
    BacktestReport withScoresLink(String link) {
        return new BacktestReport(generatedAt, new Inputs(inputs.model(), inputs.leadsFile(), inputs.eventsFile(),
                inputs.mappingFile(), inputs.draft(), link), imported, active, draft, comparison);
    }

    public record Inputs(String model, String leadsFile, String eventsFile, String mappingFile, String draft,
            String scoresFile) {
    }

    /**
     * @param problems the first {@link Backtest#PROBLEMS_LISTED} unreadable rows; all of them are counted
     */
    public record ImportSummary(long leadRows, long leadsScored, long leadRowsSkipped, Map<String, Long> skippedByReason,
            long leadRowsUnreadable, long eventRowsRead, long eventRowsUnreadable, int eventBuckets,
            long eventsForUnknownLeads, List<RowProblem> problems, long problemsNotListed) {
    }

    public record ModelReport(String model, String version, String expectedPattern, long leads, long converted,
            double conversionRate, long[] leadsByTotal, long[] convertedByTotal, List<BandRow> bands,
            TopQuartile topQuartile, Qualified qualified, Auc auc, Calibration calibration, List<RuleLift> rules,
            List<ModelStats.LowScorer> lowestConverted, Suggestions suggestions, List<Flag> flags) {
    }

    /**
     * Conversion in one band next to what domain.md expects of it for each kind of model;
     * {@code minScore}/{@code maxScore}: the lowest and highest total seen in the band.
     */
    public record BandRow(String band, Integer minScore, Integer maxScore, long leads, long converted, double rate,
            double low, double high, String salesLedExpected, String productLedExpected, String verdict) {
    }

    /**
     * @param threshold      the lowest total in the top quarter of leads
     * @param convertedShare the share of converted leads among the top 25% of scores (ties at the
     *                       threshold counted in proportion); 0.25 is what a random score gives
     */
    public record TopQuartile(int threshold, double convertedShare) {
    }

    /** Qualified (MQL, sales-ready, PQL: any stage but NONE) against not qualified. */
    public record Qualified(long qualifiedLeads, long qualifiedConverted, double qualifiedRate, long otherLeads,
            long otherConverted, double otherRate, Double lift, Double liftLow, Double liftHigh, double shareQualified) {
    }

    /** ROC AUC of the total score, ties counted as half; standard error by Hanley and McNeil (1982). */
    public record Auc(double value, double standardError, double low, double high, long converted, long notConverted) {
    }

    /** A logistic curve fitted to conversion against the total, and observed vs fitted per score decile. */
    public record Calibration(double intercept, double perPoint, double perPointStandardError, List<Decile> deciles) {
    }

    public record Decile(int decile, int minScore, int maxScore, long leads, long converted, double observed,
            double predicted) {
    }

    public record RuleLift(String rule, String category, String source, int points, long fired, long firedConverted,
            double rateFired, long notFired, long notFiredConverted, double rateNotFired, Double lift, Double liftLow,
            Double liftHigh, String flag) {
    }

    /**
     * Point values proposed from the history, never applied: Marketing Ops accept them row by row
     * in their draft spreadsheets.
     */
    /**
     * @param iterations      how many rounds the exchange rate took to settle: suggestions change
     *                        the totals, which change the rate, until the suggested points stop moving
     * @param heldOutAucBefore mean ROC AUC over folds of the current totals, on each fold's own leads
     * @param heldOutAucAfter  the same with every raise/lower accepted, points fitted without the fold
     */
    public record Suggestions(double lambda, double pointsPerLogOdds, String scale, long leadsUsed, long leadsLeftOut,
            List<Suggestion> rows, String note, int iterations, boolean converged, Double heldOutAucBefore,
            Double heldOutAucAfter) {
    }

    /** {@code low}/{@code high}: the 95% interval of the suggestion in points. */
    /** {@code heldOutAucGain}: what accepting this row adds to the held-out AUC, after the rows above it (null: keep). */
    public record Suggestion(String rule, String source, int currentPoints, int suggestedPoints, double coefficient,
            double coefficientStandardError, int low, int high, String advice, Double heldOutAucGain) {
    }

    /** A check of domain.md's validation and health list: RED, OK or INFO. */
    public record Flag(String check, String status, String detail) {
    }

    /** How the draft's bands and stages differ from the active ruleset's, lead by lead. */
    public record Comparison(long leads, long bandChanged, long stageChanged, Map<String, Long> stageTransitions) {
    }
}
