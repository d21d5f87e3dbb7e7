package dev.leadscore.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.leadscore.api.Problem;
import dev.leadscore.rules.tables.TableGrid;
import io.quarkus.qute.TemplateData;

/**
 * A table of a workbook as a page shows it: the header row, then one line per rule with a form
 * field per cell (named {@code t<table>.r<row>.c<column>} so a save can rebuild the table), and
 * the cells a problem names marked with the problem's words.
 *
 * @param index the table's position in its workbook, which names its form fields
 * @param extraRows blank lines below the rows, for rules to add
 */
@TemplateData
public record GridView(int index, String file, String sheet, String kind, String notes, List<Head> headers,
        List<Line> rows, int extraRows, boolean editable, boolean hasProblems) {

    /** Blank lines offered below a table's rows in the editor. */
    static final int BLANK_LINES = 2;
    private static final Pattern LOCATION = Pattern.compile(
            "^(?<file>[^,]+?)(?:, sheet (?<sheet>.+?))?(?:, cell (?<cell>\\$?[A-Z]{1,3}\\$?[0-9]+))?(?:, line [0-9]+)?$");

    @TemplateData
    public record Head(String text, String ref, String problem) {
    }

    /** A line of the grid: the sheet row it is (1-based; 0 for a blank line to add) and its cells. */
    @TemplateData
    public record Line(int index, int number, List<Field> cells, boolean deleted) {
        public String deleteName(int table) {
            return "t" + table + ".r" + index + ".delete";
        }

        public boolean hasProblem() {
            return cells.stream().anyMatch(c -> c.problem() != null);
        }
    }

    /** A cell: its form field, where it is in the sheet, its text, a problem found in it, and its input's width. */
    @TemplateData
    public record Field(String name, String ref, String value, String problem, String label) {
        public int size() {
            return Math.max(6, Math.min(40, (value == null ? 0 : value.length()) + 2));
        }
    }

    /** Where a problem of a refused version is: file, sheet and cell as the refusal names them. */
    @TemplateData
    record Located(String file, String sheet, String cell, String message) {

        /** Reads "engagement.xlsx, sheet Engagement, cell F7" (the refusal's field) back into its parts. */
        static Located of(Problem.FieldError error) {
            Matcher m = LOCATION.matcher(error.field() == null ? "" : error.field());
            if (!m.matches()) {
                return new Located(error.field(), null, null, error.message());
            }
            String cell = m.group("cell");
            return new Located(m.group("file"), m.group("sheet"), cell == null ? null : cell.replace("$", ""),
                    error.message());
        }
    }

    private static String label(Head header, String row) {
        return (header.text() == null ? header.ref().replaceAll("[0-9]", "") : header.text()) + " of " + row;
    }

    static String field(int table, int row, int column) {
        return "t" + table + ".r" + row + ".c" + column;
    }

    /**
     * The tables of one file as grids; {@code problems} are marked on the cells they name
     * (several on one cell are joined).
     */
    static List<GridView> of(List<TableGrid> grids, List<Located> problems, boolean editable, int blankLines) {
        List<GridView> views = new ArrayList<>();
        for (int t = 0; t < grids.size(); t++) {
            TableGrid g = grids.get(t);
            Map<String, String> marked = new LinkedHashMap<>();
            for (Located p : problems) {
                if (p.cell() != null && g.file().equals(p.file()) && g.sheet().equals(p.sheet())) {
                    marked.merge(p.cell(), p.message(), (a, b) -> a + "; " + b);
                }
            }
            List<Head> headers = g.headers().stream().map(h -> new Head(h.text(), h.ref(), marked.get(h.ref()))).toList();
            List<Line> lines = new ArrayList<>();
            for (int r = 0; r < g.rows().size(); r++) {
                TableGrid.Row row = g.rows().get(r);
                List<Field> cells = new ArrayList<>();
                String name = row.get(0).blank() ? "row " + row.number() : row.get(0).text();
                for (int c = 0; c < row.cells().size(); c++) {
                    TableGrid.Cell cell = row.get(c);
                    cells.add(new Field(field(t, r, c), cell.ref(), cell.text(), marked.get(cell.ref()),
                            label(headers.get(c), name)));
                }
                lines.add(new Line(r, row.number(), cells, false));
            }
            for (int r = g.rows().size(); editable && r < g.rows().size() + blankLines; r++) {
                List<Field> cells = new ArrayList<>();
                for (int c = 0; c < headers.size(); c++) {
                    cells.add(new Field(field(t, r, c), null, null, null,
                            label(headers.get(c), "new row " + (r - g.rows().size() + 1))));
                }
                lines.add(new Line(r, 0, cells, false));
            }
            views.add(new GridView(t, g.file(), g.sheet(), g.kind(), g.notes(), headers, lines, blankLines, editable,
                    !marked.isEmpty()));
        }
        return views;
    }

    /** The problems no grid cell shows (a whole file, a sheet, a file that is not a table). */
    static List<Located> unplaced(List<GridView> grids, List<Located> problems) {
        return problems.stream().filter(p -> p.cell() == null || grids.stream().noneMatch(g -> g.file().equals(p.file())
                && g.sheet().equals(p.sheet()) && (g.headers().stream().anyMatch(h -> p.cell().equals(h.ref()))
                        || g.rows().stream().flatMap(l -> l.cells().stream()).anyMatch(f -> p.cell().equals(f.ref())))))
                .toList();
    }
}
