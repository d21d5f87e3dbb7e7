package dev.leadscore.console;

/**
 * Where a rule is written, as the engine records it: {@code file!sheet!cell} for a spreadsheet
 * row, {@code file:line} for a DRL rule. Shown as file, sheet and cell so a person can open the
 * spreadsheet at the row.
 */
public record CellReference(String raw, String file, String sheet, String cell, String line) {

    static CellReference parse(String source) {
        if (source == null || source.isBlank()) {
            return null;
        }
        String[] parts = source.split("!");
        if (parts.length == 3) {
            return new CellReference(source, parts[0], parts[1], parts[2], null);
        }
        int colon = source.lastIndexOf(':');
        if (colon > 0) {
            return new CellReference(source, source.substring(0, colon), null, null, source.substring(colon + 1));
        }
        return new CellReference(source, source, null, null, null);
    }
}
