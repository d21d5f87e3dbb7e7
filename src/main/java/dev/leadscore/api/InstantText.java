package dev.leadscore.api;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

/**
 * Reads and writes the usual form of an instant in JSON, {@code 2026-03-03T12:00:00Z} with 0-9
 * decimals of a second, by hand: Jackson's own (de)serializer goes through a regular expression
 * and a {@code DateTimeFormatter}, a fair share of reading a request with a few dozen events.
 * Everything else (other forms, offsets, numbers, years beyond 0-9999, {@code @JsonFormat}) is
 * left to Jackson's, so what is accepted, refused and written is unchanged.
 */
public final class InstantText {
    private InstantText() {
    }

    static SimpleModule module() {
        return new SimpleModule("leadscore-instants")
                .addSerializer(Instant.class, new Writer(InstantSerializer.INSTANCE))
                .addDeserializer(Instant.class, new Reader(InstantDeserializer.INSTANT));
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} as an instant, or null for any other text (also an impossible date). */
    static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int places = n - 21;
            if (text.charAt(19) != '.' || places < 1 || places > 9) {
                return null;
            }
            nanos = digits(text, 20, n - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = places; i < 9; i++) {
                nanos *= 10;
            }
        } else if (text.charAt(19) != 'Z') {
            return null;
        }
        try {
            return Instant.ofEpochSecond(LocalDate.of(year, month, day).toEpochDay() * 86_400L
                    + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The text {@link Instant#toString()} gives. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        if (date.getYear() < 0 || date.getYear() > 9999) {
            return instant.toString();
        }
        int ofDay = (int) Math.floorMod(seconds, 86_400L);
        int nanos = instant.getNano();
        int places = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        char[] out = new char[20 + (places == 0 ? 0 : places + 1)];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, ofDay / 3600, 2);
        out[13] = ':';
        put(out, 14, ofDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, ofDay % 60, 2);
        if (places > 0) {
            out[19] = '.';
            put(out, 20, places == 3 ? nanos / 1_000_000 : places == 6 ? nanos / 1_000 : nanos, places);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static final class Reader extends StdDeserializer<Instant> implements ContextualDeserializer {
        private final JsonDeserializer<Instant> jackson;

        Reader(JsonDeserializer<Instant> jackson) {
            super(Instant.class);
            this.jackson = jackson;
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                Instant instant = parse(p.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return jackson.deserialize(p, context);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual = jackson instanceof ContextualDeserializer c ? c.createContextual(context, property) : jackson;
            // a field with its own format is read by Jackson's alone
            return contextual == jackson ? this : contextual;
        }
    }

    static final class Writer extends StdSerializer<Instant> implements ContextualSerializer {
        private final JsonSerializer<Instant> jackson;

        Writer(JsonSerializer<Instant> jackson) {
            super(Instant.class);
            this.jackson = jackson;
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                jackson.serialize(value, generator, provider);
            } else {
                generator.writeString(format(value));
            }
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
            // Jackson's makes a copy for every property; only a property with a format of its own needs it
            JsonFormat.Value format = findFormatOverrides(provider, property, Instant.class);
            if ((format == null || JsonFormat.Value.empty().equals(format)) || !(jackson instanceof ContextualSerializer c)) {
                return this;
            }
            return c.createContextual(provider, property);
        }
    }
}
