package dev.leadscore.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

/**
 * What changed between two versions of a model, in the terms people edit it in: decision-table
 * rows added, removed or changed (matched by their NAME, compared cell by cell under the column's
 * label), table columns whose code changed, DRL rules added, removed or changed (with a text diff
 * of the rule), and other files changed as a whole.
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
                if (file.endsWith(RuleFiles.DECISION_TABLE)) {
                    diffTables(file, a, b, changes);
                } else if (file.endsWith(RuleFiles.DRL)) {
                    diffDrl(file, a, b, changes);
                }
                if (changes.size() == before) {
                    // formatting, notes, imports or the examples: show the file changed, with a text diff when it is text
                    changes.add(new Change(Kind.FILE_CHANGED, file, null, null, null, null, null, List.of(),
                            file.endsWith(RuleFiles.DECISION_TABLE) ? null
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
        Map<String, RuleTables.Table> before = tablesByKey(a);
        Map<String, RuleTables.Table> after = tablesByKey(b);
        if (before == null || after == null) {
            return; // unreadable: reported as a changed file
        }
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            RuleTables.Table t0 = before.get(key);
            RuleTables.Table t1 = after.get(key);
            RuleTables.Table any = t1 != null ? t1 : t0;
            if (t0 == null || t1 == null) {
                for (RuleTables.DataRow row : any.rows()) {
                    changes.add(new Change(t0 == null ? Kind.RULE_ADDED : Kind.RULE_REMOVED, file, any.sheet(), any.name(),
                            any.ruleName(row), t0 == null ? null : nameCell(any, row), t1 == null ? null : nameCell(any, row),
                            List.of(), null));
                }
                continue;
            }
            diffColumns(file, t0, t1, changes);
            Map<String, RuleTables.DataRow> rows0 = rowsByName(t0);
            Map<String, RuleTables.DataRow> rows1 = rowsByName(t1);
            for (Map.Entry<String, RuleTables.DataRow> r : rows0.entrySet()) {
                RuleTables.DataRow other = rows1.get(r.getKey());
                if (other == null) {
                    changes.add(new Change(Kind.RULE_REMOVED, file, t0.sheet(), t0.name(), r.getKey(),
                            nameCell(t0, r.getValue()), null, List.of(), null));
                } else {
                    List<CellChange> cells = diffRow(t0, r.getValue(), t1, other);
                    if (!cells.isEmpty()) {
                        changes.add(new Change(Kind.RULE_CHANGED, file, t1.sheet(), t1.name(), r.getKey(),
                                nameCell(t0, r.getValue()), nameCell(t1, other), cells, null));
                    }
                }
            }
            for (Map.Entry<String, RuleTables.DataRow> r : rows1.entrySet()) {
                if (!rows0.containsKey(r.getKey())) {
                    changes.add(new Change(Kind.RULE_ADDED, file, t1.sheet(), t1.name(), r.getKey(), null,
                            nameCell(t1, r.getValue()), List.of(), null));
                }
            }
        }
    }

    /** Columns are matched by label; a changed code snippet or object type changes every row's meaning. */
    private static void diffColumns(String file, RuleTables.Table t0, RuleTables.Table t1, List<Change> changes) {
        Map<String, RuleTables.Column> c0 = columnsByTitle(t0);
        Map<String, RuleTables.Column> c1 = columnsByTitle(t1);
        Set<String> titles = new TreeSet<>(c0.keySet());
        titles.addAll(c1.keySet());
        for (String title : titles) {
            RuleTables.Column a = c0.get(title);
            RuleTables.Column b = c1.get(title);
            List<CellChange> cells = new ArrayList<>();
            if (a == null || b == null) {
                RuleTables.Column any = a != null ? a : b;
                cells.add(new CellChange(a == null ? "column added" : "column removed", a == null ? null : a.kindCell(),
                        b == null ? null : b.kindCell(), a == null ? null : any.kind(), b == null ? null : any.kind()));
            } else {
                if (!a.kind().equals(b.kind())) {
                    cells.add(new CellChange("kind", a.kindCell(), b.kindCell(), a.kind(), b.kind()));
                }
                if (!Objects.equals(a.objectType(), b.objectType())) {
                    cells.add(new CellChange("object", a.objectCell(), b.objectCell(), a.objectType(), b.objectType()));
                }
                if (!Objects.equals(a.code(), b.code())) {
                    cells.add(new CellChange("code", a.codeCell(), b.codeCell(), a.code(), b.code()));
                }
            }
            if (!cells.isEmpty()) {
                changes.add(new Change(Kind.COLUMN_CHANGED, file, t1.sheet(), t1.name(), title, null, null, cells, null));
            }
        }
    }

    private static List<CellChange> diffRow(RuleTables.Table t0, RuleTables.DataRow r0, RuleTables.Table t1,
            RuleTables.DataRow r1) {
        Map<String, RuleTables.Column> c0 = columnsByTitle(t0);
        Map<String, RuleTables.Column> c1 = columnsByTitle(t1);
        List<CellChange> cells = new ArrayList<>();
        for (Map.Entry<String, RuleTables.Column> c : c1.entrySet()) {
            if (c.getValue().kind().equals("NAME")) {
                continue;
            }
            RuleTables.Column old = c0.get(c.getKey());
            RuleTables.Value after = r1.valueOf(c.getValue(), t1.firstColumn());
            RuleTables.Value before = old == null ? null : r0.valueOf(old, t0.firstColumn());
            String was = before == null || before.blank() ? null : before.text().strip();
            String now = after.blank() ? null : after.text().strip();
            if (!Objects.equals(was, now)) {
                cells.add(new CellChange(c.getKey(), before == null ? null : before.cell(), after.cell(), was, now));
            }
        }
        for (Map.Entry<String, RuleTables.Column> c : c0.entrySet()) {
            if (!c1.containsKey(c.getKey()) && !c.getValue().kind().equals("NAME")) {
                RuleTables.Value before = r0.valueOf(c.getValue(), t0.firstColumn());
                if (!before.blank()) {
                    cells.add(new CellChange(c.getKey(), before.cell(), null, before.text().strip(), null));
                }
            }
        }
        return cells;
    }

    private static Map<String, RuleTables.Table> tablesByKey(byte[] workbook) {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(workbook))) {
            Map<String, RuleTables.Table> tables = new LinkedHashMap<>();
            for (RuleTables.Table t : RuleTables.tables(wb)) {
                tables.put(t.sheet() + "\u0000" + t.name(), t);
            }
            return tables;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, RuleTables.DataRow> rowsByName(RuleTables.Table t) {
        Map<String, RuleTables.DataRow> rows = new LinkedHashMap<>();
        t.rows().forEach(r -> rows.putIfAbsent(t.ruleName(r), r));
        return rows;
    }

    private static Map<String, RuleTables.Column> columnsByTitle(RuleTables.Table t) {
        Map<String, RuleTables.Column> columns = new LinkedHashMap<>();
        for (RuleTables.Column c : t.columns()) {
            String title = c.title();
            // two columns with the same label (e.g. two "Points") stay apart by their letter
            columns.put(columns.containsKey(title) ? title + " (" + c.letter() + ")" : title, c);
        }
        return columns;
    }

    private static String nameCell(RuleTables.Table t, RuleTables.DataRow row) {
        RuleTables.Column name = t.nameColumn();
        return name == null ? "row " + row.rowNumber() : row.valueOf(name, t.firstColumn()).cell();
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
