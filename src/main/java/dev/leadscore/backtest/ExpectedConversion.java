package dev.leadscore.backtest;

import java.util.Map;

/**
 * The conversion by band domain.md expects (from the playbooks): a sales-led and a product-led
 * pattern, as [low, high) fractions per band.
 */
final class ExpectedConversion {
    static final String SALES_LED = "sales-led";
    static final String PRODUCT_LED = "product-led";

    record Range(double low, double high) {
        boolean contains(double lo, double hi) {
            return hi >= low && lo <= high;
        }

        String text() {
            if (low == 0) {
                return "< " + pct(high);
            }
            return high >= 1 ? pct(low) + "+" : pct(low) + "-" + pct(high);
        }

        private static String pct(double v) {
            return Math.round(v * 100) + "%";
        }
    }

    static final Map<String, Range> SALES = Map.of("COLD", new Range(0, 0.05), "DEVELOPING", new Range(0.05, 0.15),
            "WARM", new Range(0.15, 0.30), "HOT", new Range(0.30, 1));
    static final Map<String, Range> PRODUCT = Map.of("COLD", new Range(0, 0.05), "DEVELOPING", new Range(0.05, 0.10),
            "WARM", new Range(0.10, 0.20), "HOT", new Range(0.25, 0.40));
    /** The band ranges of domain.md on the 0-100 total, to order bands and show where they sit. */
    static final Map<String, int[]> BAND_SCORES = Map.of("COLD", new int[] {0, 25}, "DEVELOPING", new int[] {26, 50},
            "WARM", new int[] {51, 75}, "HOT", new int[] {76, 100});

    private ExpectedConversion() {
    }

    /**
     * The overall conversion domain.md's ranges describe: leads spread evenly over the four
     * bands, each converting at the middle of its range (Hot taken as 30-50% sales-led, 25-40%
     * product-led).
     */
    static final double SALES_REFERENCE_RATE = (0.025 + 0.10 + 0.225 + 0.40) / 4;
    static final double PRODUCT_REFERENCE_RATE = (0.025 + 0.075 + 0.15 + 0.325) / 4;

    static double referenceRate(String pattern) {
        return PRODUCT_LED.equals(pattern) ? PRODUCT_REFERENCE_RATE : SALES_REFERENCE_RATE;
    }

    /** How much the odds of converting differ between this export and the reference (1 when unknown). */
    static double oddsFactor(String pattern, double rate) {
        double ref = referenceRate(pattern);
        if (rate <= 0 || rate >= 1) {
            return 1;
        }
        return (rate / (1 - rate)) / (ref / (1 - ref));
    }

    /** A rate moved by an odds factor: what the same lead would convert at in an export with that base rate. */
    static double scale(double p, double factor) {
        if (p <= 0 || p >= 1) {
            return p;
        }
        return p * factor / (1 - p + p * factor);
    }

    /** The expected ranges of {@code pattern}, moved to an export that converts at {@code rate} overall. */
    static Map<String, Range> scaled(String pattern, double rate) {
        double f = oddsFactor(pattern, rate);
        Map<String, Range> out = new java.util.HashMap<>();
        of(pattern).forEach((band, r) -> out.put(band, new Range(scale(r.low(), f), scale(r.high(), f))));
        return out;
    }

    /** Says how the expectations were moved, in words. */
    static String scaleNote(String pattern, double rate) {
        return String.format(java.util.Locale.ROOT, "expected ranges are domain.md's %s bands, which describe leads"
                + " converting about %.0f%% overall, moved to this export's %.1f%% (odds x%.2f): the same leads convert"
                + " more where more leads convert", pattern, referenceRate(pattern) * 100, rate * 100,
                oddsFactor(pattern, rate));
    }

    static String patternFor(String model, boolean sawPql) {
        return sawPql || model.toLowerCase(java.util.Locale.ROOT).contains("product") ? PRODUCT_LED : SALES_LED;
    }

    static Map<String, Range> of(String pattern) {
        return PRODUCT_LED.equals(pattern) ? PRODUCT : SALES;
    }
}
