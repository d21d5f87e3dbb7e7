package dev.leadscore.backtest;

/** A row that could not be read: which file, which line, which column (when one is to blame), and why. */
public record RowProblem(String file, long line, String column, String message) {

    @Override
    public String toString() {
        return file + " line " + line + (column == null ? "" : " column '" + column + "'") + ": " + message;
    }
}
