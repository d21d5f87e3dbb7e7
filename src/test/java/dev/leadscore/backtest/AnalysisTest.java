package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The report's arithmetic on cases small enough to work out by hand. */
class AnalysisTest {

    static long[][] counts(int[] totals, boolean[] converted) {
        long[] leads = new long[101];
        long[] conv = new long[101];
        for (int i = 0; i < totals.length; i++) {
            leads[totals[i]]++;
            conv[totals[i]] += converted[i] ? 1 : 0;
        }
        return new long[][] {leads, conv};
    }

    @Test
    void aucCountsTiesAsHalf() {
        // converted at 3 and 5, not converted at 1 and 3: pairs 3>1, 3=3, 5>1, 5>3 -> 3.5 of 4
        long[][] c = counts(new int[] {3, 5, 1, 3}, new boolean[] {true, true, false, false});
        BacktestReport.Auc auc = Analysis.auc(c[0], c[1]);
        assertThat(auc.value()).isEqualTo(0.875);
        assertThat(auc.converted()).isEqualTo(2);
        assertThat(auc.notConverted()).isEqualTo(2);
        // everyone tied: a coin toss
        long[][] tied = counts(new int[] {40, 40, 40}, new boolean[] {true, false, false});
        assertThat(Analysis.auc(tied[0], tied[1]).value()).isEqualTo(0.5);
        // nobody converted: no AUC
        long[][] none = counts(new int[] {40, 60}, new boolean[] {false, false});
        assertThat(Analysis.auc(none[0], none[1]).value()).isNaN();
    }

    @Test
    void topQuarterSharesATieAtItsThresholdInProportion() {
        // 8 leads, top quarter = 2 slots: the 90 takes one, the three 50s share the other
        long[][] c = counts(new int[] {90, 50, 50, 50, 10, 10, 10, 10},
                new boolean[] {false, true, false, false, true, false, false, false});
        BacktestReport.TopQuartile top = Analysis.topQuartile(c[0], c[1], 2);
        assertThat(top.threshold()).isEqualTo(50);
        assertThat(top.convertedShare()).isCloseTo((1.0 / 3) / 2, within(1e-12));
    }

    @Test
    void liftIntervalAndWilsonIntervalBracketTheRate() {
        Double[] lift = Analysis.lift(30, 100, 10, 100);
        assertThat(lift[0]).isCloseTo(3.0, within(1e-12));
        assertThat(lift[1]).isBetween(1.5, 3.0);
        assertThat(lift[2]).isBetween(3.0, 6.0);
        assertThat(Analysis.lift(0, 100, 10, 100)[0]).isNull();
        double[] w = Analysis.wilson(20, 100);
        assertThat(w[0]).isCloseTo(0.1333, within(1e-3));
        assertThat(w[1]).isCloseTo(0.2888, within(1e-3));
    }

    @Test
    void logisticFitOnGroupedRowsMatchesTheClosedFormWithoutPenalty() {
        // x = 0: 20 of 100 convert; x = 1: 50 of 100 -> intercept logit(0.2), coefficient logit(0.5) - logit(0.2)
        Logistic.Fit fit = Logistic.fit(new double[][] {{0}, {1}}, new double[] {20, 50}, new double[] {80, 50}, 1e-9);
        assertThat(fit.converged()).isTrue();
        assertThat(fit.intercept()).isCloseTo(Math.log(0.25), within(1e-6));
        assertThat(fit.coefficients()[0]).isCloseTo(-Math.log(0.25), within(1e-6));
        // the textbook standard error of a log odds ratio: sqrt(1/20 + 1/80 + 1/50 + 1/50)
        assertThat(fit.standardErrors()[0]).isCloseTo(Math.sqrt(1 / 20.0 + 1 / 80.0 + 1 / 50.0 + 1 / 50.0), within(1e-6));
        // a penalty pulls the coefficient towards 0
        assertThat(Logistic.fit(new double[][] {{0}, {1}}, new double[] {20, 50}, new double[] {80, 50}, 10)
                .coefficients()[0]).isBetween(0.0, -Math.log(0.25));
    }

    @Test
    void calibrationDecilesKeepEqualTotalsTogether() {
        long[] leads = new long[101];
        long[] conv = new long[101];
        leads[0] = 50;
        leads[100] = 50;
        conv[100] = 25;
        BacktestReport.Calibration c = Analysis.calibration(leads, conv);
        assertThat(c.deciles()).hasSize(2);
        assertThat(c.deciles().get(0).leads()).isEqualTo(50);
        assertThat(c.deciles().get(0).observed()).isZero();
        assertThat(c.deciles().get(1).observed()).isEqualTo(0.5);
        assertThat(c.perPoint()).isPositive();
    }

    @Test
    void theTopQuartileCheckKnowsTheBestShareAtTheExportsConversionRate() {
        // at 38% conversion even a perfect score puts only 25/38 = 65.8% of converted leads in the top quarter
        assertThat(Ranking.bestConvertedShare(0.25, 0.38)).isCloseTo(0.6579, within(1e-4));
        assertThat(Analysis.topQuartileRedLine(0.38)).isCloseTo(0.25 + (0.6579 - 0.25) / 3, within(1e-4));
        // where few leads convert the line is domain.md's 50%
        assertThat(Analysis.topQuartileRedLine(0.05)).isCloseTo(0.5, within(1e-12));
        // a perfect ranking at 38%: every converted lead first
        Ranking perfect = new Ranking();
        perfect.add(1, 38, 0);
        perfect.add(0, 0, 62);
        assertThat(perfect.convertedShareInTop(0.25)).isCloseTo(Ranking.bestConvertedShare(0.25, 0.38), within(1e-12));
        assertThat(perfect.auc()).isEqualTo(1.0);
    }

    @Test
    void bandExpectationsMoveWithTheBaseRateAndStayPutAtTheReference() {
        var atReference = ExpectedConversion.scaled(ExpectedConversion.SALES_LED, ExpectedConversion.SALES_REFERENCE_RATE);
        assertThat(atReference.get("COLD").high()).isCloseTo(0.05, within(1e-12));
        assertThat(atReference.get("HOT").low()).isCloseTo(0.30, within(1e-12));
        var high = ExpectedConversion.scaled(ExpectedConversion.SALES_LED, 0.38);
        assertThat(high.get("COLD").high()).isGreaterThan(0.10);
        assertThat(high.get("HOT").low()).isGreaterThan(0.50);
        assertThat(high.get("HOT").high()).isEqualTo(1.0);
        var low = ExpectedConversion.scaled(ExpectedConversion.SALES_LED, 0.03);
        assertThat(low.get("HOT").low()).isLessThan(0.30);
        assertThat(ExpectedConversion.scaleNote(ExpectedConversion.SALES_LED, 0.38)).contains("38.0%", "19%", "odds x");
    }
}
