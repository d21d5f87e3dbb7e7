package dev.leadscore.backtest;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the rows of a CSV file one at a time, each with the physical line it starts on.
 *
 * <p>Commons CSV parses every row. This class only decides where a row ends (a line break
 * outside a quoted field), so that a broken row is reported on its own and the next row is read
 * normally: an unterminated quote gives up after {@link #MAX_LINES_PER_ROW} lines, the row's first
 * line is reported, and reading resumes on the line after it; so does a row spanning lines
 * that Commons CSV rejects (a stray quote that swallowed the next lines). Handles CRLF, LF and CR line ends,
 * a UTF-8 byte-order mark, blank lines (skipped) and quoted fields spanning lines.
 * Holds at most one row in memory.
 */
final class CsvRows implements Iterator<CsvRows.Row>, Closeable {
    static final int MAX_LINES_PER_ROW = 100;
    static final int MAX_CHARS_PER_ROW = 1 << 20;

    /** One row: its values, or why it could not be read. */
    record Row(long line, List<String> values, String problem) {
        boolean readable() {
            return problem == null;
        }
    }

    private record PhysicalLine(long number, String text) {
    }

    private final BufferedReader reader;
    private final CSVFormat format;
    private final char delimiter;
    private final Deque<PhysicalLine> pushedBack = new ArrayDeque<>();
    private long lineNumber;
    private Row next;
    private boolean eof;

    CsvRows(BufferedReader reader, char delimiter) {
        this.reader = reader;
        this.delimiter = delimiter;
        this.format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true).get();
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = readRow();
        }
        return next != null;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
    }

    private PhysicalLine nextLine() {
        if (!pushedBack.isEmpty()) {
            return pushedBack.pollFirst();
        }
        if (eof) {
            return null;
        }
        try {
            String text = reader.readLine();
            if (text == null) {
                eof = true;
                return null;
            }
            if (lineNumber == 0 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return new PhysicalLine(++lineNumber, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Row readRow() {
        PhysicalLine first;
        do {
            first = nextLine();
            if (first == null) {
                return null;
            }
        } while (first.text.isBlank());
        List<PhysicalLine> lines = new ArrayList<>();
        lines.add(first);
        StringBuilder text = new StringBuilder(first.text);
        QuoteState state = scan(first.text, QuoteState.FIELD_START);
        while (state == QuoteState.IN_QUOTES) {
            PhysicalLine more = lines.size() < MAX_LINES_PER_ROW && text.length() < MAX_CHARS_PER_ROW ? nextLine() : null;
            if (more == null) {
                // give the lines after the broken row back, so they are read as rows of their own
                pushBack(lines);
                return new Row(first.number, null, "a quoted field opened on this line is never closed");
            }
            lines.add(more);
            text.append('\n').append(more.text);
            state = scan(more.text, QuoteState.IN_QUOTES);
        }
        Row row = parse(first.number, text.toString());
        if (!row.readable() && lines.size() > 1) {
            // most likely a stray quote swallowed the next lines: report the first, re-read the others
            pushBack(lines);
        }
        return row;
    }

    private void pushBack(List<PhysicalLine> lines) {
        for (int i = lines.size() - 1; i >= 1; i--) {
            pushedBack.addFirst(lines.get(i));
        }
    }

    private Row parse(long line, String text) {
        try (CSVParser parser = CSVParser.parse(text, format)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                return new Row(line, null, "expected one row, found " + records.size());
            }
            return new Row(line, records.get(0).toList(), null);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // the parser's own positions count from this row, not the file: leave them out
            message = message.replaceAll("^[\\w.]+Exception: ", "").replaceAll("\\s*\\(?at line:? \\d+(, position:? \\d+)?\\)?", "")
                    .replaceAll("\\s*\\(line \\d+\\)", "").replaceAll("\\s+", " ").strip();
            return new Row(line, null, (text.indexOf('\n') >= 0
                    ? "a quoted field opened on this line is never closed properly (" + message + ")"
                    : "unreadable: " + message));
        }
    }

    private enum QuoteState { FIELD_START, UNQUOTED, IN_QUOTES, AFTER_QUOTES }

    /** Where a line leaves the row: only a quote at the start of a field opens a quoted field. */
    private QuoteState scan(String line, QuoteState state) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            switch (state) {
                case FIELD_START -> {
                    if (c == '"') {
                        state = QuoteState.IN_QUOTES;
                    } else if (c != delimiter && c != ' ' && c != '\t') {
                        state = QuoteState.UNQUOTED;
                    }
                }
                case UNQUOTED, AFTER_QUOTES -> {
                    if (c == delimiter) {
                        state = QuoteState.FIELD_START;
                    }
                }
                case IN_QUOTES -> {
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            i++;
                        } else {
                            state = QuoteState.AFTER_QUOTES;
                        }
                    }
                }
            }
        }
        return state == QuoteState.IN_QUOTES ? state : QuoteState.FIELD_START;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
