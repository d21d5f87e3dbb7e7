package dev.leadscore.scoring;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The comparisons decision-table cells use. A cell holds a comma-separated list of plain words
 * ("SaaS, Software"); it is parsed once and the parsed form is reused, because the same cell
 * text is evaluated for every lead.
 */
final class Matching {
    private static final Map<String, List<String>> LISTS = new ConcurrentHashMap<>();
    private static final Map<String, Pattern> WORD_PATTERNS = new ConcurrentHashMap<>();

    private Matching() {
    }

    /** The lower-cased, trimmed, non-blank items of a comma-separated cell. */
    static List<String> items(String cell) {
        if (cell == null) {
            return List.of();
        }
        return LISTS.computeIfAbsent(cell, c -> Arrays.stream(c.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList());
    }

    static String normalise(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    static boolean equalsAny(String value, String cell) {
        String v = normalise(value);
        return v != null && !v.isEmpty() && items(cell).contains(v);
    }

    /** True when any item of the cell occurs in the text as a whole word or phrase. */
    static boolean containsWord(String text, String cell) {
        if (text == null || text.isBlank()) {
            return false;
        }
        for (String item : items(cell)) {
            Pattern p = WORD_PATTERNS.computeIfAbsent(item,
                    i -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(i) + "(?![\\p{L}\\p{N}])",
                            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            if (p.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Domain matching: an item starting with a dot is a suffix (".edu" matches "mit.edu"); any other
     * item matches the domain itself and its subdomains ("competitor.com" matches "eu.competitor.com").
     */
    static boolean domainMatches(String domain, String cell) {
        String d = normalise(domain);
        if (d == null || d.isEmpty()) {
            return false;
        }
        for (String item : items(cell)) {
            if (item.startsWith(".") ? d.endsWith(item) : d.equals(item) || d.endsWith("." + item)) {
                return true;
            }
        }
        return false;
    }

    static boolean startsWithAny(String value, String cell) {
        String v = normalise(value);
        if (v == null) {
            return false;
        }
        for (String item : items(cell)) {
            if (v.startsWith(item)) {
                return true;
            }
        }
        return false;
    }
}
