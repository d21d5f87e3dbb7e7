package dev.leadscore.backtest;

/**
 * The import cannot start: a mapping that does not parse, a column the mapping names that the
 * file does not have, a file that cannot be read. Names the file and, where known, the line and
 * column. Unreadable rows are not this: they are reported and counted while the run goes on.
 */
public final class ImportException extends RuntimeException {
    private final String file;
    private final Long line;
    private final String column;

    public ImportException(String file, Long line, String column, String message) {
        super(file + (line == null ? "" : " line " + line) + (column == null ? "" : " column '" + column + "'") + ": "
                + message);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() { return file; }
    public Long line() { return line; }
    public String column() { return column; }
}
