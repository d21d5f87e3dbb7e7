package dev.leadscore.rules.tables;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

import javax.xml.stream.XMLStreamException;

import dev.leadscore.rules.BuildProblem;
import dev.leadscore.rules.RulesetLimits;
import dev.leadscore.rules.WorkbookGuard;
import dev.leadscore.rules.tables.WorkbookCells.Cell;
import dev.leadscore.rules.tables.WorkbookCells.Sheet;

/**
 * Reads the tables of a Marketing Ops workbook cell by cell ({@link WorkbookCells}), values only: a
 * formula is taken at the value the editor saved with it (never evaluated), merged ranges and
 * hidden rows change nothing, and styles are ignored. A sheet is a table when its A1 cell says
 * {@code Table}; other sheets (notes, pivots) are skipped. The workbook is checked by
 * {@link WorkbookGuard} (size, zip bomb, XML entities) before it is read.
 */
public final class TableReader {
    /** Words column A of a header row starts with, per kind of table. */
    static final Set<String> HEADER_STARTS = Set.of("rule", "setting", "band", "field");
    static final int MAX_ROWS = 2_000;
    static final int MAX_COLUMNS = 60;
    static final int MAX_CELL_CHARS = 2_000;

    private final WorkbookGuard guard;

    public TableReader(RulesetLimits limits) {
        this.guard = new WorkbookGuard(limits);
    }

    /** The tables of {@code file}; problems (naming file, sheet and cell) are added to {@code problems}. */
    public List<TableGrid> read(String file, byte[] bytes, List<BuildProblem> problems) {
        WorkbookGuard.Checked checked = guard.check(bytes);
        if (checked.refusal() != null) {
            problems.add(BuildProblem.inFile(file, checked.refusal()));
            return List.of();
        }
        List<TableGrid> grids = new ArrayList<>();
        try {
            for (Sheet sheet : WorkbookCells.read(checked.parts())) {
                TableGrid grid = readSheet(file, sheet, problems);
                if (grid != null) {
                    grids.add(grid);
                }
            }
        } catch (IOException | XMLStreamException | RuntimeException e) {
            problems.add(BuildProblem.inFile(file, "not a readable .xlsx workbook (" + e.getMessage() + ")"));
            return List.of();
        }
        if (grids.isEmpty() && problems.stream().noneMatch(p -> file.equals(p.file()))) {
            problems.add(BuildProblem.inFile(file, "no sheet is a table: a table's cell A1 says 'Table' and B1 its kind "
                    + "(Fit, Engagement, Profile negatives, Behaviour negatives, Existing customers, Settings, Bands, "
                    + "Value groups)"));
        }
        return grids;
    }

    private static TableGrid readSheet(String file, Sheet sheet, List<BuildProblem> problems) {
        String name = sheet.name();
        String a1 = text(sheet, 0, 0).text();
        if (a1 == null || !a1.strip().equalsIgnoreCase("Table")) {
            if (looksLikeDroolsLayout(sheet)) {
                problems.add(new BuildProblem(file, name, null, null, "this sheet is in the old decision-table layout "
                        + "(RuleSet/RuleTable blocks with code rows), which is no longer read: rules from spreadsheets are "
                        + "data. Put 'Table' in A1, the kind in B1 and a header row of business words (see the table "
                        + "format in docs/marketing-ops.md)"));
            }
            return null;
        }
        String kind = text(sheet, 0, 1).text();
        if (kind == null || kind.isBlank()) {
            problems.add(new BuildProblem(file, name, "B1", null, "say which kind of table this is in B1: Fit, Engagement, "
                    + "Profile negatives, Behaviour negatives, Existing customers, Settings, Bands or Value groups"));
            return null;
        }
        String notes = null;
        int last = Math.min(sheet.lastRowNum(), MAX_ROWS + 20);
        if (sheet.lastRowNum() > MAX_ROWS + 20) {
            problems.add(new BuildProblem(file, name, null, null, "the table has more than " + MAX_ROWS + " rows"));
            return null;
        }
        int header = -1;
        for (int r = 1; r <= last && header < 0; r++) {
            String a = text(sheet, r, 0).text();
            if (a == null) {
                continue;
            }
            String word = a.strip().toLowerCase(Locale.ROOT);
            if (word.equals("notes") && notes == null) {
                notes = text(sheet, r, 1).text();
            } else if (HEADER_STARTS.contains(word)) {
                header = r;
            }
        }
        if (header < 0) {
            problems.add(new BuildProblem(file, name, "A3", null, "no header row: the row of column titles starts with "
                    + "'Rule' in column A ('Setting' in a settings table, 'Band' in a bands table, 'Field' in value groups)"));
            return null;
        }
        List<TableGrid.Cell> headers = new ArrayList<>();
        int lastColumn = Math.min(sheet.lastCellNum(header), MAX_COLUMNS);
        for (int c = 0; c < lastColumn; c++) {
            headers.add(text(sheet, header, c));
        }
        while (!headers.isEmpty() && headers.get(headers.size() - 1).blank()) {
            headers.remove(headers.size() - 1);
        }
        List<TableGrid.Row> rows = new ArrayList<>();
        for (int r = header + 1; r <= last; r++) {
            List<TableGrid.Cell> cells = new ArrayList<>(headers.size());
            boolean blank = true;
            for (int c = 0; c < headers.size(); c++) {
                TableGrid.Cell cell = text(sheet, r, c);
                if (cell.text() != null && cell.text().length() > MAX_CELL_CHARS) {
                    problems.add(new BuildProblem(file, name, cell.ref(), null, "the cell holds more than "
                            + MAX_CELL_CHARS + " characters"));
                    cell = new TableGrid.Cell(cell.ref(), null, false);
                }
                cells.add(cell);
                blank &= cell.blank();
            }
            if (blank) {
                break; // a table ends at its first blank row
            }
            for (int c = headers.size(); c < Math.min(sheet.lastCellNum(r), MAX_COLUMNS); c++) {
                if (!text(sheet, r, c).blank()) {
                    problems.add(new BuildProblem(file, name, WorkbookCells.reference(header, c), null,
                            "this column has values (" + text(sheet, r, c).ref() + ") but no header"));
                    return null;
                }
            }
            rows.add(new TableGrid.Row(r + 1, cells));
        }
        return new TableGrid(file, name, kind.strip(), notes, header + 1, headers, rows);
    }

    private static boolean looksLikeDroolsLayout(Sheet sheet) {
        for (Map.Entry<Integer, NavigableMap<Integer, Cell>> row : sheet.rows().entrySet()) {
            if (row.getKey() > 50) {
                break;
            }
            for (Cell cell : row.getValue().values()) {
                if (cell.typedText()) {
                    String t = cell.text().strip().toLowerCase(Locale.ROOT);
                    if (t.startsWith("ruletable") || t.equals("ruleset")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A cell as a person reads it: text as typed, numbers without a trailing ".0", formulas at their saved value. */
    static TableGrid.Cell text(Sheet sheet, int row, int column) {
        String ref = WorkbookCells.reference(row, column);
        Cell cell = sheet.cell(row, column);
        if (cell == null) {
            return new TableGrid.Cell(ref, null, false);
        }
        return switch (cell.kind()) {
            case TEXT -> new TableGrid.Cell(ref, clean(cell.text()), false);
            case NUMBER -> new TableGrid.Cell(ref, number(cell.number()), true);
            case BOOLEAN -> new TableGrid.Cell(ref, cell.bool() ? "yes" : "no", false);
            case NONE -> new TableGrid.Cell(ref, null, false);
        };
    }

    /** Text without control characters (a pasted tab or line break reads as a space). */
    private static String clean(String s) {
        String t = s.replaceAll("[\\p{Cntrl}&&[^\\r\\n\\t]]", "").replaceAll("[\\r\\n\\t]+", " ").strip();
        return t.isEmpty() ? null : t;
    }

    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
