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

    static String patternFor(String model, boolean sawPql) {
        return sawPql || model.toLowerCase(java.util.Locale.ROOT).contains("product") ? PRODUCT_LED : SALES_LED;
    }

    static Map<String, Range> of(String pattern) {
        return PRODUCT_LED.equals(pattern) ? PRODUCT : SALES;
    }
}
