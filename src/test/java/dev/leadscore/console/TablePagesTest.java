package dev.leadscore.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.Test;

import dev.leadscore.api.ProblemException;
import dev.leadscore.rules.BuildProblem;
import dev.leadscore.rules.tables.TableGrid;
import dev.leadscore.rules.tables.TableWriter;

/** The grid editor's form turned back into tables: changed values, deleted and added rows, numbers kept as numbers. */
class TablePagesTest {

    static List<TableGrid> engagement() throws Exception {
        List<BuildProblem> problems = new ArrayList<>();
        List<TableGrid> grids = TablePages.read("engagement.xlsx", Files.readAllBytes(Path.of("rules", "sales-led",
                "engagement.xlsx")), problems);
        assertThat(problems).isEmpty();
        return grids;
    }

    /** The form a browser sends for the grids as shown, without any change. */
    static MultivaluedMap<String, String> form(List<TableGrid> grids) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        for (GridView g : GridView.of(grids, List.of(), true, GridView.BLANK_LINES)) {
            g.rows().forEach(l -> l.cells().forEach(f -> form.add(f.name(), f.value() == null ? "" : f.value())));
        }
        return form;
    }

    @Test
    void anUnchangedFormReadsTheSameAsTheFile() throws Exception {
        List<TableGrid> grids = engagement();
        List<TableWriter.Table> tables = TablePages.edited(grids, form(grids));
        assertThat(TablePages.same(tables, grids.stream().map(TableWriter::of).toList())).isTrue();
        // written and read back: the same rows, cell for cell
        List<TableGrid> back = TablePages.read("engagement.xlsx", TableWriter.write(tables), new ArrayList<>());
        assertThat(back.get(0).rows()).hasSameSizeAs(grids.get(0).rows());
        for (int r = 0; r < back.get(0).rows().size(); r++) {
            assertThat(back.get(0).rows().get(r).cells().stream().map(TableGrid.Cell::text).toList())
                    .isEqualTo(grids.get(0).rows().get(r).cells().stream().map(TableGrid.Cell::text).toList());
        }
    }

    @Test
    void valuesChangeRowsAreDeletedAndAddedAndNumbersStayNumbers() throws Exception {
        List<TableGrid> grids = engagement();
        TableGrid g = grids.get(0);
        int points = columnOf(g, "Points");
        MultivaluedMap<String, String> form = form(grids);
        form.putSingle(GridView.field(0, 0, points), " 45 ");
        form.putSingle("t0.r1.delete", "yes");
        int added = g.rows().size();
        form.putSingle(GridView.field(0, added, 0), "Trial started");
        form.putSingle(GridView.field(0, added, 1), "trial_started");
        form.putSingle(GridView.field(0, added, points), "15");
        form.putSingle(GridView.field(0, 2, 1), "0042");

        TableWriter.Table t = TablePages.edited(grids, form).get(0);
        assertThat(t.rows()).hasSize(g.rows().size()); // one deleted, one added
        assertThat(t.rows().get(0).get(points)).isEqualTo(new java.math.BigDecimal("45"));
        assertThat(t.rows().stream().map(r -> r.get(0))).doesNotContain(g.rows().get(1).get(0).text());
        assertThat(t.rows().get(1).get(1)).isEqualTo("0042"); // not a number: leading zero kept as typed
        assertThat(t.rows().get(t.rows().size() - 1)).startsWith("Trial started", "trial_started");

        TableGrid back = TablePages.read("engagement.xlsx", TableWriter.write(List.of(t)), new ArrayList<>()).get(0);
        assertThat(back.rows().get(0).get(points).text()).isEqualTo("45");
        assertThat(back.rows().get(0).get(points).number()).isTrue();
        assertThat(back.rows().get(back.rows().size() - 1).get(0).text()).isEqualTo("Trial started");
    }

    @Test
    void aFormMissingACellOfAnExistingRowIsRefused() throws Exception {
        List<TableGrid> grids = engagement();
        MultivaluedMap<String, String> form = form(grids);
        form.remove(GridView.field(0, 3, 2));
        assertThatThrownBy(() -> TablePages.edited(grids, form)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("t0.r3.c2");
    }

    @Test
    void aRefusalsCellIsReadBackFromItsLocation() {
        GridView.Located l = GridView.Located.of(new dev.leadscore.api.Problem.FieldError(
                "engagement.xlsx, sheet Engagement Q1, cell F7", "'thirty' is not a number"));
        assertThat(l).isEqualTo(new GridView.Located("engagement.xlsx", "Engagement Q1", "F7", "'thirty' is not a number"));
        assertThat(GridView.Located.of(new dev.leadscore.api.Problem.FieldError("scoring.drl, line 4", "x")).cell()).isNull();
    }

    static int columnOf(TableGrid g, String header) {
        for (int c = 0; c < g.headers().size(); c++) {
            if (header.equalsIgnoreCase(g.headers().get(c).text())) {
                return c;
            }
        }
        throw new AssertionError("no column " + header);
    }
}
