package dev.leadscore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
        Path sources = Path.of("src/main/java");
        List<String> readers = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = sources.relativize(file).toString().replace('\\', '/');
                if (NOT_CHECKED.stream().anyMatch(name::startsWith)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (WALL_CLOCK.matcher(lines.get(i)).find()) {
                        readers.add(name + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(readers).as("wall-clock reads outside the injected Clock").isEmpty();
    }
}
