package dev.leadscore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
            "\\b(Instant|LocalDate|LocalDateTime|OffsetDateTime|ZonedDateTime|LocalTime)\\.now\\(|Clock\\.system(UTC|DefaultZone)?\\(|currentTimeMillis\\(");
    /**
     * Where the clock is made (the producer in scoring, the backtest command line's own entry
     * point), and the rules and scoring packages whose own clean-up is under way.
     */
    private static final Set<String> NOT_CHECKED = Set.of("dev/leadscore/scoring/", "dev/leadscore/rules/",
            "dev/leadscore/backtest/");

    @Test
    void serviceCodeReadsTheTimeFromTheInjectedClockOnly() throws IOException {
        assertThat(SourceLines.matching(name -> NOT_CHECKED.stream().noneMatch(name::startsWith), WALL_CLOCK))
                .as("wall-clock reads outside the injected Clock").isEmpty();
    }
}
