package dev.leadscore.backtest;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns cell text into values the rules read: placeholders, value maps, numbers, dates. */
final class CellValues {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?|[-+]?\\.\\d+");
    private static final DateTimeFormatter ISO_SPACE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME).toFormatter();

    private final Set<String> placeholders = new HashSet<>();

    CellValues(List<String> placeholders) {
        for (String p : placeholders) {
            this.placeholders.add(p.strip().toLowerCase(Locale.ROOT));
        }
    }

    /** The cell stripped, or null when blank or a placeholder ("Select", "N/A"). */
    String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        return s.isEmpty() || placeholders.contains(s.toLowerCase(Locale.ROOT)) ? null : s;
    }

    /** Case-insensitive value map: keys lower-cased once. */
    static Map<String, String> lowerKeys(Map<String, String> map) {
        Map<String, String> out = new HashMap<>();
        if (map != null) {
            map.forEach((k, v) -> out.put(k.strip().toLowerCase(Locale.ROOT), v));
        }
        return out;
    }

    /** A number with optional thousands separators ("1,200.50"); null if the text is not one. */
    static BigDecimal number(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replace(" ", "").replace("\u00a0", "");
        if (t.startsWith("$") || t.startsWith("€") || t.startsWith("£")) {
            t = t.substring(1);
        }
        if (!NUMBER.matcher(t).matches()) {
            return null;
        }
        return new BigDecimal(t.replace(",", "").replace("+", ""));
    }

    /** A free-form attribute: number, boolean or text, as the rules' attribute helpers expect. */
    static Object attribute(String s) {
        BigDecimal n = number(s);
        if (n != null) {
            return n.stripTrailingZeros().scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        return s;
    }

    /** Parses dates and times; the format and zone come from the mapping. */
    static final class Dates {
        private final DateTimeFormatter pattern;
        private final ZoneId zone;

        Dates(String pattern, String zone) {
            this.pattern = pattern == null ? null : DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
            this.zone = zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        }

        /**
         * An instant; a bare date means the end of that day (everything that happened on the
         * hand-off day counts). Throws {@link DateTimeException} with a readable message.
         */
        Instant parse(String s) {
            if (pattern != null) {
                try {
                    return toInstant(pattern.parseBest(s, ZonedDateTime::from, LocalDateTime::from, LocalDate::from));
                } catch (DateTimeParseException e) {
                    throw new DateTimeException("'" + s + "' does not match the date format '" + pattern + "'");
                }
            }
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException ignored) {
                // not with an offset; try the other ISO forms
            }
            try {
                return toInstant(ISO_SPACE.parse(s, LocalDateTime::from));
            } catch (DateTimeParseException ignored) {
                // not a local date-time
            }
            try {
                return toInstant(LocalDate.parse(s));
            } catch (DateTimeParseException e) {
                throw new DateTimeException("'" + s + "' is not an ISO date or time (set dateFormat in the mapping)");
            }
        }

        private Instant toInstant(TemporalAccessor t) {
            if (t instanceof ZonedDateTime z) {
                return z.toInstant();
            }
            if (t instanceof LocalDateTime l) {
                return l.atZone(zone).toInstant();
            }
            LocalDate d = (LocalDate) t;
            return d.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1);
        }
    }
}
