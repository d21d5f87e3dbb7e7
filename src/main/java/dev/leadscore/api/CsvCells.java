package dev.leadscore.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Every CSV cell the product writes goes through here, so a value taken from a lead, a rule
 * name or an upload cannot become a formula when the file is opened in a spreadsheet: text
 * starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a
 * leading apostrophe, which spreadsheets show as text. Numbers and booleans are left as they
 * are, so a negative number in a numeric column stays a number.
 */
public final class CsvCells {
    private CsvCells() {
    }

    /** The value to print in a cell: text neutralised, numbers and booleans unchanged, null as empty. */
    public static Object safe(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        String s = value.toString();
        if (s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

    /** A record's cells, each through {@link #safe(Object)}. */
    public static List<Object> safe(Iterable<?> cells) {
        List<Object> out = new ArrayList<>();
        for (Object c : cells) {
            out.add(safe(c));
        }
        return out;
    }
}
