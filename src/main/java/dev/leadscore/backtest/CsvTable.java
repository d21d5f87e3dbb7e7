package dev.leadscore.backtest;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A CSV file with a header row: streams its rows as column-name lookups. Trailing empty header
 * cells (a trailing comma on every line) are ignored, as are extra values that are all blank;
 * any other row whose width differs from the header's is reported, with its line.
 */
final class CsvTable implements Iterator<CsvTable.TableRow>, Closeable {

    /** A readable row (problem null) or an unreadable one (values null). */
    record TableRow(long line, String[] values, String problem) {
    }

    private final String file;
    private final CsvRows rows;
    private final Map<String, Integer> columns = new HashMap<>();
    private final int width;

    CsvTable(String file, InputStream in, char delimiter) {
        this.file = file;
        // malformed UTF-8 becomes U+FFFD rather than stopping the run; the row still reads
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.rows = new CsvRows(new BufferedReader(new InputStreamReader(in, decoder), 1 << 16), delimiter);
        if (!rows.hasNext()) {
            throw new ImportException(file, null, null, "the file is empty: a header row is expected");
        }
        CsvRows.Row header = rows.next();
        if (!header.readable()) {
            throw new ImportException(file, header.line(), null, "the header row " + header.problem());
        }
        List<String> names = header.values();
        int w = names.size();
        while (w > 0 && names.get(w - 1).isBlank()) {
            w--;
        }
        this.width = w;
        for (int i = 0; i < w; i++) {
            String name = names.get(i).strip();
            if (name.isEmpty()) {
                continue;
            }
            if (columns.putIfAbsent(name, i) != null) {
                throw new ImportException(file, header.line(), name, "the header names this column twice");
            }
        }
    }

    String file() {
        return file;
    }

    /** The index of a column, or an {@link ImportException} naming the mapping key that asked for it. */
    int require(String column, String mappingKey) {
        Integer i = columns.get(column);
        if (i == null) {
            throw new ImportException(file, null, column, "the mapping's '" + mappingKey
                    + "' names this column but the header has no such column (it has " + columns.keySet().stream().sorted().toList() + ")");
        }
        return i;
    }

    boolean has(String column) {
        return columns.containsKey(column);
    }

    Collection<String> columnNames() {
        return columns.keySet();
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public TableRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CsvRows.Row row = rows.next();
        if (!row.readable()) {
            return new TableRow(row.line(), null, row.problem());
        }
        List<String> v = row.values();
        if (v.size() < width) {
            return new TableRow(row.line(), null, "has " + v.size() + " values, the header has " + width);
        }
        for (int i = width; i < v.size(); i++) {
            if (!v.get(i).isBlank()) {
                return new TableRow(row.line(), null, "has " + v.size() + " values, the header has " + width);
            }
        }
        return new TableRow(row.line(), v.subList(0, width).toArray(String[]::new), null);
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
