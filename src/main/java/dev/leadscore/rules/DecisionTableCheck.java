package dev.leadscore.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.CellType;

import dev.leadscore.rules.CodeAllowlist.Finding;
import dev.leadscore.rules.RuleTables.Column;
import dev.leadscore.rules.RuleTables.DataRow;
import dev.leadscore.rules.RuleTables.Table;
import dev.leadscore.rules.RuleTables.Value;

/**
 * Checks the cells of a decision-table workbook before Drools turns it into DRL: the layout each
 * table needs (a NAME column, at least one ACTION, code in every CONDITION/ACTION column), the code
 * rows and RuleSet block against {@link CodeAllowlist}, and every value cell against the slot it
 * fills. A value inside quotes ({@code "$param"}) is text and may not contain {@code "} or
 * {@code \}, so it cannot close the string and append code; a value outside quotes must be a number.
 */
final class DecisionTableCheck {
    private static final Pattern SLOT = Pattern.compile("\\$(param|\\d+)\\b");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern METADATA_CODE = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9_]*)\\s*\\((.*)\\)\\s*$");
    private static final Set<String> CODE_KINDS = Set.of("CONDITION", "ACTION");
    private static final Set<String> TEXT_KINDS = Set.of("NAME", "DESCRIPTION", "ACTIVATION-GROUP", "AGENDA-GROUP",
            "RULEFLOW-GROUP");
    private static final Set<String> NUMBER_KINDS = Set.of("PRIORITY", "SALIENCE");
    private static final Set<String> BOOLEAN_KINDS = Set.of("NO-LOOP", "LOCK-ON-ACTIVE", "AUTO-FOCUS", "ENABLED");
    private static final Set<String> KNOWN_KINDS = Set.of("NAME", "DESCRIPTION", "CONDITION", "ACTION", "METADATA",
            "PRIORITY", "SALIENCE", "ACTIVATION-GROUP", "AGENDA-GROUP", "RULEFLOW-GROUP", "NO-LOOP", "LOCK-ON-ACTIVE",
            "AUTO-FOCUS", "ENABLED", "DURATION", "TIMER", "CALENDARS", "DATE-EFFECTIVE", "DATE-EXPIRES");
    /** Metadata the fact model reads, and the values it understands. */
    private static final Map<String, Pattern> METADATA_VALUES = Map.of(
            "intent", Pattern.compile("(?i)low|high"),
            "maxTimes", Pattern.compile("[1-9]\\d*"));

    private final String file;
    private final List<BuildProblem> problems = new ArrayList<>();

    private DecisionTableCheck(String file) {
        this.file = file;
    }

    static List<BuildProblem> check(String file, RuleTables.Contents contents) {
        DecisionTableCheck check = new DecisionTableCheck(file);
        contents.settings().forEach(check::checkSetting);
        if (contents.tables().isEmpty()) {
            check.problems.add(BuildProblem.inFile(file, "no sheet contains a 'RuleTable' cell"));
        }
        contents.tables().forEach(check::checkTable);
        return check.problems;
    }

    private void problem(String sheet, String cell, String message) {
        problems.add(new BuildProblem(file, sheet, cell, null, message));
    }

    private void checkSetting(RuleTables.Setting s) {
        if (s.value() == null || s.value().isBlank()) {
            return;
        }
        switch (s.keyword()) {
            case "Import" -> {
                for (String target : s.value().split(",")) {
                    if (!target.isBlank() && !CodeAllowlist.allowedImport(target)) {
                        problem(s.sheet(), s.cell(), "import of '" + target.strip() + "' is not allowed: tables may import only "
                                + CodeAllowlist.FACT_PACKAGE + ".* and the value types on the allowlist");
                    }
                }
            }
            case "RuleSet" -> {
                if (!s.value().strip().matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
                    problem(s.sheet(), s.cell(), "the RuleSet name must be a package name like rules.salesled");
                }
            }
            default -> scanCode(s.sheet(), s.cell(), s.value());
        }
    }

    private void scanCode(String sheet, String cell, String code) {
        for (Finding f : CodeAllowlist.scan(code, Set.of())) {
            problem(sheet, cell, f.message());
        }
    }

    private void checkTable(Table table) {
        String sheet = table.sheet();
        String tableName = "table '" + table.name() + "'";
        if (table.columns().isEmpty()) {
            problem(sheet, table.tableCell(), tableName + " has no header row of column kinds (NAME, CONDITION, ACTION, ...) under it");
            return;
        }
        if (table.nameColumn() == null) {
            problem(sheet, table.tableCell(), tableName + " has no NAME column: every row needs a rule name so scores read as words");
        }
        if (table.columns().stream().noneMatch(c -> c.kind().equals("ACTION"))) {
            problem(sheet, table.tableCell(), tableName + " has no ACTION column (e.g. Points): its rows would do nothing");
        }
        for (Column c : table.columns()) {
            if (!KNOWN_KINDS.contains(c.kind())) {
                problem(sheet, c.kindCell(), "'" + c.kind() + "' is not a column kind; use NAME, CONDITION, ACTION or METADATA");
                continue;
            }
            if (CODE_KINDS.contains(c.kind()) || c.kind().equals("METADATA")) {
                if (c.code() == null) {
                    // without a snippet Drools pastes the cell values in as code
                    problem(sheet, c.codeCell(), c.kind() + " column " + c.letter() + " has no code in its code row");
                    continue;
                }
                if (c.objectType() != null) {
                    scanCode(sheet, c.objectCell(), c.objectType());
                }
                scanCode(sheet, c.codeCell(), c.code());
                if (c.kind().equals("METADATA") && !METADATA_CODE.matcher(c.code()).matches()) {
                    problem(sheet, c.codeCell(), "METADATA code must look like name(\"$param\")");
                }
            }
        }
        Map<String, String> names = new HashMap<>();
        for (DataRow row : table.rows()) {
            for (Column c : table.columns()) {
                if (KNOWN_KINDS.contains(c.kind())) {
                    checkValue(table, c, row.valueOf(c, table.firstColumn()));
                }
            }
            Column nameColumn = table.nameColumn();
            if (nameColumn != null) {
                Value name = row.valueOf(nameColumn, table.firstColumn());
                if (name.blank()) {
                    problem(sheet, name.cell(), "the rule in row " + row.rowNumber() + " has no name (NAME column "
                            + nameColumn.letter() + " is empty)");
                } else {
                    String earlier = names.putIfAbsent(name.text().strip(), name.cell());
                    if (earlier != null) {
                        problem(sheet, name.cell(), "rule name '" + name.text().strip() + "' is already used in cell " + earlier);
                    }
                }
            }
        }
    }

    private void checkValue(Table table, Column c, Value v) {
        if (v.blank()) {
            return;
        }
        String sheet = table.sheet();
        String where = c.title() + " (column " + c.letter() + ")";
        if (v.type() == CellType.ERROR) {
            problem(sheet, v.cell(), where + ": the cell shows a formula error");
            return;
        }
        String text = v.text();
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            problem(sheet, v.cell(), where + ": a value must fit on one line");
            return;
        }
        if (TEXT_KINDS.contains(c.kind())) {
            refuseQuotes(sheet, v, where);
        } else if (NUMBER_KINDS.contains(c.kind())) {
            requireNumber(sheet, v, where);
        } else if (BOOLEAN_KINDS.contains(c.kind())) {
            if (!text.strip().equalsIgnoreCase("true") && !text.strip().equalsIgnoreCase("false")) {
                problem(sheet, v.cell(), where + " must be true or false, found '" + text + "'");
            }
        } else if (c.code() != null) {
            checkSlots(sheet, c, v, where);
        }
    }

    private void checkSlots(String sheet, Column c, Value v, String where) {
        List<Boolean> quoted = new ArrayList<>();
        Matcher m = SLOT.matcher(c.code());
        boolean numbered = false;
        while (m.find()) {
            quoted.add(insideQuotes(c.code(), m.start()));
            numbered |= !m.group(1).equals("param");
        }
        if (quoted.isEmpty()) {
            return; // a constant snippet: the cell only switches it on
        }
        List<String> parts = numbered ? List.of(v.text().split(",", -1)) : List.of(v.text());
        if (numbered && parts.size() < quoted.size()) {
            problem(sheet, v.cell(), where + " needs " + quoted.size() + " comma-separated values, found '" + v.text() + "'");
            return;
        }
        for (int i = 0; i < quoted.size(); i++) {
            String part = numbered && i == quoted.size() - 1 ? String.join(",", parts.subList(i, parts.size())) : parts.get(i);
            if (quoted.get(i)) {
                if (!refuseQuotes(sheet, v, where)) {
                    return;
                }
            } else if (!NUMBER.matcher(part.strip()).matches()) {
                problem(sheet, v.cell(), where + " must be a number, found '" + part.strip() + "'"
                        + (v.type() == CellType.STRING ? " (a text cell)"
                                : " (the cell's number format shows it that way; use a plain number format such as 0)"));
                return;
            }
        }
        if (c.kind().equals("METADATA")) {
            Matcher meta = METADATA_CODE.matcher(c.code());
            Pattern allowed = meta.matches() ? METADATA_VALUES.get(meta.group(1)) : null;
            if (allowed != null && !allowed.matcher(v.text().strip()).matches()) {
                problem(sheet, v.cell(), where + ": '" + v.text() + "' is not a valid " + meta.group(1)
                        + (meta.group(1).equals("intent") ? " (use low or high)" : " (use a whole number from 1)"));
            }
        }
    }

    /** False (and a problem) when a text value contains a quote or backslash. */
    private boolean refuseQuotes(String sheet, Value v, String where) {
        if (v.text().indexOf('"') >= 0 || v.text().indexOf('\\') >= 0) {
            problem(sheet, v.cell(), where + ": text may not contain \" or \\ (found '" + v.text() + "')");
            return false;
        }
        return true;
    }

    private void requireNumber(String sheet, Value v, String where) {
        if (!NUMBER.matcher(v.text().strip()).matches()) {
            problem(sheet, v.cell(), where + " must be a number, found '" + v.text() + "'");
        }
    }

    /** Whether position {@code at} of a snippet lies inside a double-quoted string. */
    private static boolean insideQuotes(String code, int at) {
        boolean inside = false;
        for (int i = 0; i < at; i++) {
            char ch = code.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '"') {
                inside = !inside;
            }
        }
        return inside;
    }
}
