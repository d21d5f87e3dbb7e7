package dev.leadscore.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.qute.TemplateExtension;

/** How console pages write values: instants to the minute, in UTC ({@code {score.scoredAt.when}}). */
@TemplateExtension
public class ConsoleFormats {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    /** A fraction as a percentage with one decimal ({@code {rate.percent}}: 0.1234 → "12.3%"); "—" when unknown. */
    static String percent(double fraction) {
        return Double.isNaN(fraction) || Double.isInfinite(fraction) ? "—"
                : String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** A figure with up to three decimals ({@code {auc.decimals}}); "—" when unknown. */
    static String decimals(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "—" : String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    static String decimals(Double value) {
        return value == null ? "—" : decimals(value.doubleValue());
    }
}
