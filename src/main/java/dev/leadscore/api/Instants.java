package dev.leadscore.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The instants the service accepts: years 1 to 9999, what PostgreSQL stores and every CRM sends.
 * {@link Instant} itself reaches a billion years, which no column holds.
 */
public final class Instants {
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");
    public static final String RANGE = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    private Instants() {
    }

    public static boolean inRange(Instant instant) {
        return !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }

    /** An optional instant from a query parameter: null when absent, a 400 naming {@code field} when unreadable or out of range. */
    public static Instant parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "cannot read '" + value + "' as an ISO-8601 instant such as 2026-03-03T12:00:00Z");
        }
        return require(field, instant);
    }

    public static Instant require(String field, Instant instant) {
        if (!inRange(instant)) {
            throw ProblemException.invalidField(field, RANGE);
        }
        return instant;
    }
}
