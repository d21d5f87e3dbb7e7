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
}
