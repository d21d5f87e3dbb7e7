package dev.leadscore.scoring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.leadscore.scoring.table.Words;

/**
 * The comparisons decision-table cells use. A cell holds a comma-separated list of plain words
 * ("SaaS, Software"); it is parsed once and the parsed form is reused, because the same cell
 * text is evaluated for every lead.
 */
final class Matching {
    private static final Map<String, List<String>> LISTS = new ConcurrentHashMap<>();

    private Matching() {
    }

    /** The lower-cased, trimmed, non-blank items of a comma-separated cell. */
    static List<String> items(String cell) {
        if (cell == null) {
            return List.of();
        }
        return LISTS.computeIfAbsent(cell, Words::items);
    }

    static String normalise(String value) {
        return Words.normalise(value);
    }

    static boolean equalsAny(String value, String cell) {
        return Words.equalsAnyItem(value, items(cell));
    }

    /** True when any item of the cell occurs in the text as a whole word or phrase. */
    static boolean containsWord(String text, String cell) {
        return text != null && !text.isBlank() && Words.containsAnyItem(text, items(cell));
    }

    /** Domain matching as the tables do it (see {@link Words#domainMatchesAny}). */
    static boolean domainMatches(String domain, String cell) {
        return Words.domainMatchesAny(domain, items(cell));
    }

    static boolean startsWithAny(String value, String cell) {
        return Words.startsWithAnyItem(value, items(cell));
    }
}
