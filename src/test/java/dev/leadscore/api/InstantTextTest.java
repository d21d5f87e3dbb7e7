package dev.leadscore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonFormat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The hand-written instant reading and writing agrees with java.time on every instant it takes. */
class InstantTextTest {
    /** The API's mapper as the service builds it: the Java time module, then the API's settings. */
    static final ObjectMapper MAPPER = mapper();

    static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new JsonSettings().customize(m);
        return m;
    }

    record Event(Instant at) {
    }

    @Test
    void readsAndWritesEveryInstantAsJavaTimeDoes() {
        Random random = new Random(42);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = min + Math.floorMod(random.nextLong(), max - min + 1);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            String text = instant.toString();
            assertThat(InstantText.format(instant)).isEqualTo(text);
            assertThat(InstantText.parse(text)).isEqualTo(instant);
        }
    }

    @Test
    void readsEveryNumberOfDecimals() {
        for (String text : List.of("2026-03-03T12:00:00.1Z", "2026-03-03T12:00:00.12Z", "2026-03-03T12:00:00.1234Z",
                "2026-03-03T12:00:00.12345678Z", "2026-03-03T12:00:00.123456789Z", "2024-02-29T23:59:59.000Z")) {
            assertThat(InstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesEveryOtherFormToJavaTime() {
        for (String text : List.of("2026-03-03T12:00:00+01:00", "2026-03-03t12:00:00z", " 2026-03-03T12:00:00Z",
                "2026-03-03T24:00:00Z", "2026-03-03T23:59:60Z", "2026-02-30T12:00:00Z", "2025-02-29T12:00:00Z",
                "2026-13-03T12:00:00Z", "2026-03-03T12:00:00.Z", "2026-03-03T12:00:00.1234567890Z", "+12026-03-03T12:00:00Z",
                "2026-03-03T12:00Z", "2026-03-03 12:00:00Z", "2026-03-03T12:00:0xZ", "1700000000", "")) {
            assertThat(InstantText.parse(text)).as(text).isNull();
        }
    }

    @Test
    void theApiMapperReadsAndRefusesWhatJacksonAloneDoes() throws Exception {
        ObjectMapper jacksonAlone = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        for (String at : List.of("\"2026-03-03T12:00:00.5Z\"", "\"2026-03-03T12:00:00+00:00\"", "\"2026-03-03T13:00:00+01:00\"",
                "\" 2026-03-03T12:00:00Z \"", "1700000000", "1700000000.5", "\"1700000000\"", "\"2026-02-30T12:00:00Z\"",
                "\"2026-03-03T24:00:00Z\"", "\"\"", "\"soon\"", "null", "true", "[\"2026-03-03T12:00:00Z\"]")) {
            String json = "{\"at\":" + at + "}";
            Object expected = outcome(jacksonAlone, json);
            assertThat(outcome(MAPPER, json)).as(json).isEqualTo(expected);
        }
        assertThat(MAPPER.writeValueAsString(new Event(Instant.parse("2026-03-03T12:00:00.120Z"))))
                .isEqualTo("{\"at\":\"2026-03-03T12:00:00.120Z\"}");
        assertThat(MAPPER.writeValueAsString(new Event(Instant.parse("+12026-03-03T12:00:00Z"))))
                .isEqualTo("{\"at\":\"+12026-03-03T12:00:00Z\"}");
        assertThat(MAPPER.copy().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValueAsString(new Event(Instant.parse("2026-03-03T12:00:00.120Z")))).isEqualTo("{\"at\":1772539200.120000000}");
    }

    record Formatted(@JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant at) {
    }

    @Test
    void aPropertyWithAFormatOfItsOwnIsWrittenByJackson() throws Exception {
        assertThat(MAPPER.writeValueAsString(new Formatted(Instant.parse("2026-03-03T12:00:00Z"))))
                .isEqualTo("{\"at\":1772539200.000000000}");
        assertThat(MAPPER.getSerializerProviderInstance().findValueSerializer(Instant.class, null))
                .isInstanceOf(InstantText.Writer.class);
    }

    /** The instant read, or the kind of refusal. */
    private static Object outcome(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Event.class).at();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
