package dev.leadscore.rules.tables;

import java.util.List;

/**
 * One table of a Marketing Ops workbook as cells, before any meaning is given to them: its kind
 * (cell B1), notes, header row and data rows. The reader produces grids from a workbook, the
 * writer a workbook from grids, and the console's editor changes the values of a grid, so every
 * path speaks the same format.
 *
 * @param headerRow 1-based row number of the header row
 */
public record TableGrid(String file, String sheet, String kind, String notes, int headerRow, List<Cell> headers,
        List<Row> rows) {

    /** A cell: its A1 reference, its text as a person reads it, and whether it held a number. */
    public record Cell(String ref, String text, boolean number) {
        public boolean blank() {
            return text == null || text.isBlank();
        }
    }

    /** A data row: its 1-based row number and one cell per header column. */
    public record Row(int number, List<Cell> cells) {
        public Cell get(int column) {
            return cells.get(column);
        }
    }

    /** "engagement.xlsx!Engagement!A5" for a row's first cell. */
    public String reference(Row row) {
        return file + "!" + sheet + "!" + row.get(0).ref();
    }
}
