package dev.leadscore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.leadscore.api.JsonSettings;
import dev.leadscore.leads.EventInput;

/** An event is only written out to be measured when counting cannot show it is under the limit. */
class EventLimitsTest {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());

    static {
        new JsonSettings().customize(MAPPER);
    }

    @Test
    void theCountedBoundIsNeverBelowTheBytesWritten() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            EventInput event = new EventInput(text(random), text(random), random.nextBoolean() ? null
                    : Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000)),
                    random.nextBoolean() ? null : properties(random, 0));
            long bound = EventLimits.atMostBytes(event);
            assertThat(bound).isGreaterThanOrEqualTo(MAPPER.writeValueAsBytes(event).length);
        }
    }

    @Test
    void numbersOfAnySizeAreMeasuredByWritingThem() {
        assertThat(EventLimits.atMostBytes(new EventInput("e", "t", null, Map.of("big", new BigDecimal("1e100000")))))
                .isGreaterThan(1_000_000);
    }

    @Test
    void aUsualEventIsFarBelowTheDefaultLimit() {
        EventInput event = new EventInput("e1", "page_view", Instant.parse("2026-03-03T12:00:00Z"), Map.of("path", "/pricing"));
        assertThat(EventLimits.atMostBytes(event)).isLessThan(1_000);
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            // letters, control characters that are escaped, non-ASCII and surrogate pairs
            switch (random.nextInt(4)) {
                case 0 -> s.append((char) ('a' + random.nextInt(26)));
                case 1 -> s.append((char) random.nextInt(32));
                case 2 -> s.append((char) (0x80 + random.nextInt(0xD000)));
                default -> s.appendCodePoint(0x10000 + random.nextInt(0x10000));
            }
        }
        return s.toString();
    }

    private static Map<String, Object> properties(Random random, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            map.put(text(random), value(random, depth));
        }
        return map;
    }

    private static Object value(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> null;
            case 1 -> text(random);
            case 2 -> random.nextLong();
            case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(600) - 300);
            case 4 -> random.nextBoolean();
            case 5 -> random.nextInt();
            case 6 -> properties(random, depth + 1);
            default -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(random, depth + 1));
                }
                yield list;
            }
        };
    }
}
