package dev.leadscore.scoring.table;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Comparisons of cell words with lead and event values: case-insensitive, trimmed. */
public final class Words {
    /** One pattern per list of items (a cell), matching any of them as a whole word. */
    private static final Map<List<String>, Pattern> WORD_PATTERNS = new ConcurrentHashMap<>();

    private Words() {
    }

    /** Trimmed ({@link String#strip}) and lower case ({@link Locale#ROOT}). */
    public static String normalise(String value) {
        if (value == null) {
            return null;
        }
        return isNormalAscii(value) ? value : value.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Plain ASCII without upper case letters, neither starting nor ending with a space or control
     * character: strip and lower case leave it as it is. Event types and properties mostly are;
     * one pass instead of a scan for white space and a table lookup per character.
     */
    private static boolean isNormalAscii(String value) {
        int n = value.length();
        if (n == 0 || value.charAt(0) <= ' ' || value.charAt(n - 1) <= ' ') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80 || c >= 'A' && c <= 'Z') {
                return false;
            }
        }
        return true;
    }

    /** The normalised, non-blank items of a comma-separated cell. */
    public static List<String> items(String cell) {
        if (cell == null) {
            return List.of();
        }
        return Arrays.stream(cell.split(",")).map(Words::normalise).filter(s -> !s.isEmpty()).distinct().toList();
    }

    public static boolean equalsAnyItem(String value, List<String> items) {
        String v = normalise(value);
        return v != null && items.contains(v);
    }

    /** Each of {@code values} normalised ({@link #normalise}), in order (values are never null). */
    public static List<String> normaliseAll(List<String> values) {
        return switch (values.size()) {
            case 0 -> List.of();
            case 1 -> List.of(normalise(values.get(0)));
            default -> values.stream().map(Words::normalise).toList();
        };
    }

    public static boolean startsWithAnyItem(String value, List<String> items) {
        String v = normalise(value);
        return v != null && normalisedStartsWithAnyItem(v, items);
    }

    /** As {@link #startsWithAnyItem}, for a value already normalised. */
    static boolean normalisedStartsWithAnyItem(String v, List<String> items) {
        for (String item : items) {
            if (v.startsWith(item)) {
                return true;
            }
        }
        return false;
    }

    /** An item occurs in the text as a whole word or phrase (one pattern per cell, matched once). */
    public static boolean containsAnyItem(String text, List<String> items) {
        if (items.isEmpty()) {
            return false;
        }
        Pattern p = WORD_PATTERNS.computeIfAbsent(items, list -> Pattern.compile("(?<![\\p{L}\\p{N}])(?:"
                + String.join("|", list.stream().map(Pattern::quote).toList()) + ")(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        return p.matcher(text).find();
    }

    /** ".edu" is a suffix; any other item matches the domain itself and its subdomains. */
    public static boolean domainMatchesAny(String domain, List<String> items) {
        String d = normalise(domain);
        if (d == null || d.isEmpty()) {
            return false;
        }
        for (String item : items) {
            if (item.startsWith(".") ? d.endsWith(item) : d.equals(item) || d.endsWith("." + item)) {
                return true;
            }
        }
        return false;
    }

    /** 50 -> "50", 0.5 -> "0.5". */
    public static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
