package dev.leadscore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * One clock: service code reads the time from the injected {@link java.time.Clock} only, so tests
 * and "as of" runs control it. No wall-clock reads of its own ({@code Instant.now()},
 * {@code Clock.systemUTC()}, {@code currentTimeMillis}...); elapsed time is measured with
 * {@code System.nanoTime()}.
 */
class OneClockTest {
    private static final Pattern WALL_CLOCK = Pattern.compile(
            "\\b(Instant|LocalDate|LocalDateTime|OffsetDateTime|ZonedDateTime|LocalTime|OffsetTime|Year|YearMonth|MonthDay)"
                    + "\\.now\\((?![^)]*[cC]lock)|Clock\\.system(UTC|DefaultZone)?\\(|currentTimeMillis\\(|new (java\\.util\\.)?Date\\(\\s*\\)"
                    + "|Calendar\\.getInstance\\(");
    /**
     * The only places a clock is made: the service's producer (tests replace its bean) and the
     * backtest command line's entry point, which runs without the service and hands its clock down.
     * Elapsed time for metrics is measured with {@code System.nanoTime()}, which is not a time of day.
     */
    private static final Set<String> CLOCK_MADE = Set.of(
            "dev/leadscore/scoring/ScoringBeans.java: return Clock.systemUTC();",
            "dev/leadscore/backtest/BacktestCommand.java: return run(args, out, err, Clock.systemUTC());");

    @Test
    void serviceCodeReadsTheTimeFromTheInjectedClockOnly() throws IOException {
        List<String> reads = SourceLines.matching(name -> true, WALL_CLOCK);
        assertThat(reads).as("wall-clock reads outside the injected Clock")
                .map(line -> line.replaceFirst(":\\d+:", ":"))
                .containsExactlyInAnyOrderElementsOf(CLOCK_MADE);
    }

    @Test
    void everyWayOfReadingTheWallClockIsCaught() {
        assertThat(List.of("Instant.now()", "LocalDate.now(ZoneOffset.UTC)", "ZonedDateTime.now( )", "Year.now()",
                "Clock.systemUTC()", "Clock.systemDefaultZone()", "System.currentTimeMillis()", "new Date()",
                "new java.util.Date()", "Calendar.getInstance()"))
                .allMatch(code -> WALL_CLOCK.matcher(code).find());
        assertThat(List.of("Instant.now(clock)", "LocalDate.now(this.clock)", "clock.instant()", "System.nanoTime()",
                "new Date(millis)", "Instant.EPOCH"))
                .noneMatch(code -> WALL_CLOCK.matcher(code).find());
    }
}
