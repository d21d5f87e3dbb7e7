package dev.leadscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The engine sorts a score's events with its own merge sort ({@link IndexSort}); it must give the
 * order {@code List.sort} gives with the comparator it replaced, equal events (same instant and
 * id) included, in the order they came.
 */
class IndexSortTest {
    private static final Instant AS_OF = Instant.parse("2026-03-03T12:00:00Z");
    private static final Comparator<ActivityEvent> LATEST_FIRST = (a, b) -> {
        int byTime = b.getOccurredAt().compareTo(a.getOccurredAt());
        return byTime != 0 ? byTime : b.getId().compareTo(a.getId());
    };

    @Test
    void sortsEventsAsListSortDoes() {
        Random random = new Random(11);
        for (int round = 0; round < 2000; round++) {
            int n = random.nextInt(round < 1000 ? 20 : 300);
            List<ActivityEvent> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                // few instants, few ids, nanoseconds and instants after as-of: many ties and duplicates
                Instant at = AS_OF.minusSeconds(random.nextInt(round % 3 == 0 ? 4 : 100_000) - 2)
                        .plusNanos(random.nextInt(3) * 1_000L);
                events.add(new ActivityEvent("e" + random.nextInt(Math.max(1, n / 2)), "t", at, Map.of()));
            }
            if (round % 5 == 0) {
                events.sort(LATEST_FIRST.reversed()); // arriving in time order
            }
            List<ActivityEvent> expected = new ArrayList<>();
            for (ActivityEvent e : events) {
                if (!e.getOccurredAt().isAfter(AS_OF)) {
                    expected.add(e);
                }
            }
            expected.sort(LATEST_FIRST);
            assertSameOrder(ScoringEngine.latestFirst(events, AS_OF), expected, round);

            // all of them, future ones included: the order the service keeps a lead's events in
            List<ActivityEvent> all = new ArrayList<>(events);
            all.sort(LATEST_FIRST);
            List<ActivityEvent> kept = ScoringEngine.latestFirst(events);
            assertSameOrder(kept, all, round);
            // kept in that order, they are scored in it
            assertSameOrder(ScoringEngine.latestFirst(kept, AS_OF), expected, round);
        }
    }

    private static void assertSameOrder(List<ActivityEvent> actual, List<ActivityEvent> expected, int round) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("round %d position %d", round, i).isSameAs(expected.get(i));
        }
    }
}
