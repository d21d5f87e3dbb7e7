package dev.leadscore.rules;

import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.rules.tables.TableGrid;
import dev.leadscore.rules.tables.TableReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

/**
 * What changed between two versions of a model, in the terms people edit it in: table rows added,
 * removed or changed (matched by their name in column A, compared cell by cell under the column's
 * header), columns added or removed, DRL rules added, removed or changed (with a text diff of the
 * rule; DRL changes are marked as code), and other files changed as a whole.
 */
public record RulesetDiff(String model, String fromVersion, String toVersion, List<Change> changes) {

    public enum Kind { FILE_ADDED, FILE_REMOVED, FILE_CHANGED, RULE_ADDED, RULE_REMOVED, RULE_CHANGED, COLUMN_CHANGED }

    /**
     * One change. {@code rule} is the rule name (or the column label for COLUMN_CHANGED);
     * {@code fromCell}/{@code toCell} where it is in each version (a row's NAME cell, or a DRL
     * line); {@code cells} the changed cells of a table row; {@code textDiff} a unified diff of DRL.
     */
    public record Change(Kind kind, String file, String sheet, String table, String rule, String fromLocation,
            String toLocation, List<CellChange> cells, String textDiff) {

        /** A change to DRL: code, which only rules developers may change, not a table edit. */
        public boolean code() {
            return file != null && file.endsWith(RuleFiles.DRL);
        }
    }

    /** One cell of a row that reads differently: the column's label, where it is, before and after. */
    public record CellChange(String column, String fromCell, String toCell, String before, String after) {
    }

    public static RulesetDiff between(String model, RuleFiles from, RuleFiles to) {
        List<Change> changes = new ArrayList<>();
        Set<String> names = new TreeSet<>(from.files().keySet());
        names.addAll(to.files().keySet());
        for (String file : names) {
            byte[] a = from.files().get(file);
            byte[] b = to.files().get(file);
            if (a == null) {
                changes.add(new Change(Kind.FILE_ADDED, file, null, null, null, null, null, List.of(), null));
            } else if (b == null) {
                changes.add(new Change(Kind.FILE_REMOVED, file, null, null, null, null, null, List.of(), null));
            } else if (!java.util.Arrays.equals(a, b)) {
                int before = changes.size();
                if (file.endsWith(RuleFiles.TABLE)) {
                    diffTables(file, a, b, changes);
                } else if (file.endsWith(RuleFiles.DRL)) {
                    diffDrl(file, a, b, changes);
                }
                if (changes.size() == before) {
                    // formatting, notes, imports or the examples: show the file changed, with a text diff when it is text
                    changes.add(new Change(Kind.FILE_CHANGED, file, null, null, null, null, null, List.of(),
                            file.endsWith(RuleFiles.TABLE) ? null
                                    : textDiff(file, text(a), text(b))));
                }
            }
        }
        return new RulesetDiff(model, from.version(), to.version(), List.copyOf(changes));
    }

    /** A plain-text rendering: one line per change, indented cell changes and DRL diffs. */
    public String render() {
        StringBuilder s = new StringBuilder("Model " + model + ": " + fromVersion + " -> " + toVersion + "\n");
        if (changes.isEmpty()) {
            s.append("  no changes\n");
        }
        for (Change c : changes) {
            if (c.code()) {
                s.append("[code] ");
            }
            String where = c.file() + (c.sheet() == null ? "" : ", sheet " + c.sheet())
                    + (c.table() == null ? "" : ", table " + c.table());
            switch (c.kind()) {
                case FILE_ADDED -> s.append("+ file ").append(c.file()).append('\n');
                case FILE_REMOVED -> s.append("- file ").append(c.file()).append('\n');
                case FILE_CHANGED -> s.append("~ file ").append(c.file()).append(" changed\n");
                case RULE_ADDED -> s.append("+ rule '").append(c.rule()).append("' (").append(where).append(", ")
                        .append(c.toLocation()).append(")\n");
                case RULE_REMOVED -> s.append("- rule '").append(c.rule()).append("' (").append(where).append(", was ")
                        .append(c.fromLocation()).append(")\n");
                case RULE_CHANGED -> s.append("~ rule '").append(c.rule()).append("' (").append(where).append(", ")
                        .append(c.toLocation()).append(")\n");
                case COLUMN_CHANGED -> s.append("~ column '").append(c.rule()).append("' (").append(where).append(")\n");
            }
            for (CellChange cell : c.cells()) {
                s.append("    ").append(cell.column()).append(" ")
                        .append(Objects.equals(cell.fromCell(), cell.toCell()) ? cell.toCell()
                                : cell.fromCell() + " -> " + cell.toCell())
                        .append(": ").append(show(cell.before())).append(" -> ").append(show(cell.after())).append('\n');
            }
            if (c.textDiff() != null) {
                c.textDiff().lines().forEach(l -> s.append("    ").append(l).append('\n'));
            }
        }
        return s.toString();
    }

    private static String show(String value) {
        return value == null ? "(blank)" : "'" + value + "'";
    }

    private static void diffTables(String file, byte[] a, byte[] b, List<Change> changes) {
        Map<String, TableGrid> before = tablesBySheet(file, a);
        Map<String, TableGrid> after = tablesBySheet(file, b);
        if (before == null || after == null) {
            return; // unreadable: reported as a changed file
        }
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            TableGrid t0 = before.get(key);
            TableGrid t1 = after.get(key);
            TableGrid any = t1 != null ? t1 : t0;
            if (t0 == null || t1 == null) {
                for (TableGrid.Row row : any.rows()) {
                    changes.add(new Change(t0 == null ? Kind.RULE_ADDED : Kind.RULE_REMOVED, file, any.sheet(), any.kind(),
                            name(row), t0 == null ? null : row.get(0).ref(), t1 == null ? null : row.get(0).ref(),
                            List.of(), null));
                }
                continue;
            }
            diffColumns(file, t0, t1, changes);
            Map<String, TableGrid.Row> rows0 = rowsByName(t0);
            Map<String, TableGrid.Row> rows1 = rowsByName(t1);
            for (Map.Entry<String, TableGrid.Row> r : rows0.entrySet()) {
                TableGrid.Row other = rows1.get(r.getKey());
                if (other == null) {
                    changes.add(new Change(Kind.RULE_REMOVED, file, t0.sheet(), t0.kind(), r.getKey(),
                            r.getValue().get(0).ref(), null, List.of(), null));
                } else {
                    List<CellChange> cells = diffRow(t0, r.getValue(), t1, other);
                    if (!cells.isEmpty()) {
                        changes.add(new Change(Kind.RULE_CHANGED, file, t1.sheet(), t1.kind(), r.getKey(),
                                r.getValue().get(0).ref(), other.get(0).ref(), cells, null));
                    }
                }
            }
            for (Map.Entry<String, TableGrid.Row> r : rows1.entrySet()) {
                if (!rows0.containsKey(r.getKey())) {
                    changes.add(new Change(Kind.RULE_ADDED, file, t1.sheet(), t1.kind(), r.getKey(), null,
                            r.getValue().get(0).ref(), List.of(), null));
                }
            }
        }
    }

    /** Columns are matched by header; a column added or removed changes what every row checks. */
    private static void diffColumns(String file, TableGrid t0, TableGrid t1, List<Change> changes) {
        Map<String, Integer> c0 = columnsByTitle(t0);
        Map<String, Integer> c1 = columnsByTitle(t1);
        Set<String> titles = new TreeSet<>(c0.keySet());
        titles.addAll(c1.keySet());
        for (String title : titles) {
            Integer a = c0.get(title);
            Integer b = c1.get(title);
            if (a == null || b == null) {
                CellChange cell = new CellChange(a == null ? "column added" : "column removed",
                        a == null ? null : t0.headers().get(a).ref(), b == null ? null : t1.headers().get(b).ref(),
                        a == null ? null : title, b == null ? null : title);
                changes.add(new Change(Kind.COLUMN_CHANGED, file, t1.sheet(), t1.kind(), title, null, null, List.of(cell), null));
            }
        }
    }

    private static List<CellChange> diffRow(TableGrid t0, TableGrid.Row r0, TableGrid t1, TableGrid.Row r1) {
        Map<String, Integer> c0 = columnsByTitle(t0);
        Map<String, Integer> c1 = columnsByTitle(t1);
        List<CellChange> cells = new ArrayList<>();
        for (Map.Entry<String, Integer> c : c1.entrySet()) {
            if (c.getValue() == 0) {
                continue;
            }
            Integer old = c0.get(c.getKey());
            TableGrid.Cell after = r1.get(c.getValue());
            TableGrid.Cell before = old == null ? null : r0.get(old);
            String was = before == null || before.blank() ? null : before.text().strip();
            String now = after.blank() ? null : after.text().strip();
            if (!Objects.equals(was, now)) {
                cells.add(new CellChange(c.getKey(), before == null ? null : before.ref(), after.ref(), was, now));
            }
        }
        for (Map.Entry<String, Integer> c : c0.entrySet()) {
            if (!c1.containsKey(c.getKey()) && c.getValue() != 0) {
                TableGrid.Cell before = r0.get(c.getValue());
                if (!before.blank()) {
                    cells.add(new CellChange(c.getKey(), before.ref(), null, before.text().strip(), null));
                }
            }
        }
        return cells;
    }

    private static Map<String, TableGrid> tablesBySheet(String file, byte[] workbook) {
        List<BuildProblem> problems = new ArrayList<>();
        List<TableGrid> grids = new TableReader(RulesetLimits.DEFAULTS).read(file, workbook, problems);
        if (!problems.isEmpty()) {
            return null;
        }
        Map<String, TableGrid> tables = new LinkedHashMap<>();
        grids.forEach(g -> tables.put(g.sheet(), g));
        return tables;
    }

    private static String name(TableGrid.Row row) {
        return row.get(0).blank() ? "row " + row.number() : row.get(0).text();
    }

    private static Map<String, TableGrid.Row> rowsByName(TableGrid t) {
        Map<String, TableGrid.Row> rows = new LinkedHashMap<>();
        t.rows().forEach(r -> rows.putIfAbsent(name(r), r));
        return rows;
    }

    private static Map<String, Integer> columnsByTitle(TableGrid t) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < t.headers().size(); i++) {
            TableGrid.Cell h = t.headers().get(i);
            String title = h.blank() ? h.ref().replaceAll("\\d", "") : h.text().strip();
            columns.put(columns.containsKey(title) ? title + " (" + h.ref().replaceAll("\\d", "") + ")" : title, i);
        }
        return columns;
    }

    private static void diffDrl(String file, byte[] a, byte[] b, List<Change> changes) {
        Map<String, RuleText> before = rules(text(a));
        Map<String, RuleText> after = rules(text(b));
        if (before == null || after == null) {
            return;
        }
        for (Map.Entry<String, RuleText> r : before.entrySet()) {
            RuleText other = after.get(r.getKey());
            if (other == null) {
                changes.add(new Change(Kind.RULE_REMOVED, file, null, null, r.getKey(), "line " + r.getValue().line(), null,
                        List.of(), null));
            } else if (!r.getValue().text().equals(other.text())) {
                changes.add(new Change(Kind.RULE_CHANGED, file, null, null, r.getKey(), "line " + r.getValue().line(),
                        "line " + other.line(), List.of(), textDiff(file, r.getValue().text(), other.text())));
            }
        }
        for (Map.Entry<String, RuleText> r : after.entrySet()) {
            if (!before.containsKey(r.getKey())) {
                changes.add(new Change(Kind.RULE_ADDED, file, null, null, r.getKey(), null, "line " + r.getValue().line(),
                        List.of(), null));
            }
        }
    }

    private record RuleText(int line, String text) {
    }

    /** Each rule's source text by name, cut out of the file at the positions the Drools parser reports. */
    private static Map<String, RuleText> rules(String drl) {
        DrlParser parser = new DrlParser();
        try {
            PackageDescr pkg = parser.parse(false, drl);
            if (pkg == null || parser.hasErrors()) {
                return null;
            }
            Map<String, RuleText> rules = new LinkedHashMap<>();
            for (RuleDescr r : pkg.getRules()) {
                int start = Math.max(0, r.getStartCharacter());
                int end = r.getEndCharacter() > start ? Math.min(drl.length(), r.getEndCharacter() + 1) : drl.length();
                rules.put(r.getName(), new RuleText(r.getLine(), drl.substring(start, end).strip()));
            }
            return rules;
        } catch (DroolsParserException | RuntimeException e) {
            return null;
        }
    }

    private static String textDiff(String file, String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(file, file, a, DiffUtils.diff(a, b), 2);
        return String.join("\n", unified);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
