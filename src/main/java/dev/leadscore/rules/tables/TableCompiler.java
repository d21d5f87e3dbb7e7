package dev.leadscore.rules.tables;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.leadscore.rules.BuildProblem;
import dev.leadscore.scoring.ModelSetting;
import dev.leadscore.scoring.RuleSource;
import dev.leadscore.scoring.Setting;
import dev.leadscore.scoring.table.BandRow;
import dev.leadscore.scoring.table.Condition;
import dev.leadscore.scoring.table.Field;
import dev.leadscore.scoring.table.ModelTables;
import dev.leadscore.scoring.table.Operator;
import dev.leadscore.scoring.table.TableRow;
import dev.leadscore.scoring.table.ValueGroups;
import dev.leadscore.scoring.table.Words;
import dev.leadscore.rules.tables.Headers.Action;
import dev.leadscore.rules.tables.Headers.Column;

/**
 * Gives the cells of a model's tables their meaning: every header is looked up in the catalogue
 * ({@link Headers}), every cell is checked against what its column holds (a list, a number, yes/no,
 * low/high), and the rows become typed {@link TableRow}s. Every problem names file, sheet and cell.
 */
public final class TableCompiler {
    private static final String BASE_FIT = ModelSetting.BASE_FIT_POINTS.label();
    private static final String BASE_ENGAGEMENT = ModelSetting.BASE_ENGAGEMENT_POINTS.label();
    static final int MAX_POINTS = 1000;
    static final int MAX_NAME = 120;

    /** The kinds of table, by the word in B1. */
    public enum Kind {
        FIT("fit"), ENGAGEMENT("engagement", "behaviour", "behavior"), PROFILE_NEGATIVES("profile negatives"),
        BEHAVIOUR_NEGATIVES("behaviour negatives", "behavior negatives"), EXISTING_CUSTOMERS("existing customers"),
        SETTINGS("settings"), BANDS("bands"), VALUE_GROUPS("value groups");

        final List<String> words;

        Kind(String... words) {
            this.words = List.of(words);
        }

        static Kind of(String word) {
            String w = Headers.normalise(word).toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.words.contains(w)) {
                    return k;
                }
            }
            return null;
        }

        boolean onEvents() {
            return this == ENGAGEMENT || this == BEHAVIOUR_NEGATIVES;
        }

        String firstHeader() {
            return switch (this) {
                case SETTINGS -> "Setting";
                case BANDS -> "Band";
                case VALUE_GROUPS -> "Field";
                default -> "Rule";
            };
        }

        List<Action> actions() {
            return switch (this) {
                case FIT -> List.of(Action.POINTS, Action.REASON);
                case PROFILE_NEGATIVES -> List.of(Action.POINTS, Action.REASON, Action.DISQUALIFIES);
                case ENGAGEMENT -> List.of(Action.POINTS, Action.REASON, Action.COUNTS_AT_MOST, Action.INTENT,
                        Action.WITHIN_LAST_DAYS, Action.BURST_EVENTS, Action.BURST_HOURS);
                case BEHAVIOUR_NEGATIVES -> List.of(Action.POINTS, Action.REASON, Action.COUNTS_AT_MOST,
                        Action.WITHIN_LAST_DAYS, Action.BURST_EVENTS, Action.BURST_HOURS, Action.DISQUALIFIES);
                case EXISTING_CUSTOMERS -> List.of(Action.REASON);
                case SETTINGS -> List.of(Action.VALUE, Action.MEANING);
                case BANDS -> List.of(Action.TOTAL_FROM, Action.TOTAL_UP_TO, Action.MEANING);
                case VALUE_GROUPS -> List.of(Action.GROUP, Action.VALUES);
            };
        }

        TableRow.Kind rowKind() {
            return switch (this) {
                case FIT -> TableRow.Kind.FIT;
                case ENGAGEMENT -> TableRow.Kind.ENGAGEMENT;
                case PROFILE_NEGATIVES -> TableRow.Kind.PROFILE_NEGATIVE;
                case BEHAVIOUR_NEGATIVES -> TableRow.Kind.BEHAVIOUR_NEGATIVE;
                case EXISTING_CUSTOMERS -> TableRow.Kind.EXISTING_CUSTOMER;
                default -> null;
            };
        }
    }

    /** What a model's tables say, where each row is, and the cell of each setting. */
    public record Compiled(ModelTables tables, Map<String, RuleSource> sources, Map<String, RuleSource> settingCells) {
    }

    private final List<BuildProblem> problems;
    private final List<TableRow> rows = new ArrayList<>();
    private final List<BandRow> bands = new ArrayList<>();
    private final List<Setting> settings = new ArrayList<>();
    private final List<ValueGroups.Group> groups = new ArrayList<>();
    private final Map<String, RuleSource> sources = new LinkedHashMap<>();
    private final Map<String, RuleSource> settingCells = new LinkedHashMap<>();
    private final Map<String, String> groupOfValue = new HashMap<>();
    private int bandTables;

    private TableCompiler(List<BuildProblem> problems) {
        this.problems = problems;
    }

    /** Compiles the tables of a model; problems are added to {@code problems}. */
    public static Compiled compile(List<TableGrid> grids, List<BuildProblem> problems) {
        TableCompiler c = new TableCompiler(problems);
        for (TableGrid g : grids) {
            c.table(g);
        }
        c.checkBands(grids);
        ModelTables tables = new ModelTables(c.rows, c.bands, ValueGroups.of(c.groups), c.settings, c.groups);
        return new Compiled(tables, Map.copyOf(c.sources), Map.copyOf(c.settingCells));
    }

    private void problem(TableGrid g, String cell, String message) {
        problems.add(new BuildProblem(g.file(), g.sheet(), cell, null, message));
    }

    private void table(TableGrid g) {
        Kind kind = Kind.of(g.kind());
        if (kind == null) {
            problem(g, "B1", "unknown kind of table '" + g.kind() + "': use Fit, Engagement, Profile negatives, "
                    + "Behaviour negatives, Existing customers, Settings, Bands or Value groups");
            return;
        }
        TableGrid.Cell first = g.headers().get(0);
        if (first.blank() || !Headers.normalise(first.text()).equalsIgnoreCase(kind.firstHeader())) {
            problem(g, first.ref(), "the first column of a " + kind.words.get(0) + " table is '" + kind.firstHeader() + "'");
            return;
        }
        List<Column> columns = new ArrayList<>();
        columns.add(null);
        boolean ok = true;
        for (int i = 1; i < g.headers().size(); i++) {
            TableGrid.Cell h = g.headers().get(i);
            Column col = h.blank() ? null : Headers.parse(h.text(), kind.onEvents());
            if (h.blank()) {
                if (g.rows().stream().anyMatch(r -> !r.get(columns.size()).blank())) {
                    problem(g, h.ref(), "this column has values but no header");
                    ok = false;
                }
            } else if (col == null || col.action() != null && !kind.actions().contains(col.action())
                    || col.isCondition() && (kind == Kind.SETTINGS || kind == Kind.BANDS || kind == Kind.VALUE_GROUPS)) {
                problem(g, h.ref(), "unknown column header '" + h.text() + "' for a " + kind.words.get(0) + " table; "
                        + catalogueHint(kind));
                ok = false;
            } else if (col.isCondition() && !Headers.fits(col.field(), col.operator())) {
                problem(g, h.ref(), "'" + col.field().label() + "' cannot be compared with '" + col.operator().words()
                        + "': numbers use 'from'/'below', words 'is any of'/'contains any of'");
                ok = false;
            }
            columns.add(col);
        }
        if (!ok) {
            return;
        }
        for (TableGrid.Row row : g.rows()) {
            switch (kind) {
                case SETTINGS -> setting(g, columns, row);
                case BANDS -> band(g, columns, row);
                case VALUE_GROUPS -> group(g, columns, row);
                default -> rule(g, kind, columns, row);
            }
        }
        if (kind == Kind.BANDS) {
            bandTables++;
        }
    }

    private static String catalogueHint(Kind kind) {
        if (kind.onEvents()) {
            return "event columns are e.g. 'Event type is any of', 'Form is any of', 'Page path starts with any of', "
                    + "'Property <name> is any of', 'Within the last days', 'Burst: at least events', 'Burst: within hours'; "
                    + "what a row gives: " + actionWords(kind);
        }
        if (kind.rowKind() != null) {
            return "profile columns are '<field> <operator>' with a field among Industry, Employees, Annual revenue, Title, "
                    + "Country, Tech stack, E-mail domain, Domain, Company, Source or 'CRM field <name>' and an operator among "
                    + "is any of, is none of, is known and none of, contains any of, starts with any of, from, below, is empty, "
                    + "is not empty; what a row gives: " + actionWords(kind);
        }
        return "its columns are '" + kind.firstHeader() + "', " + actionWords(kind);
    }

    private static String actionWords(Kind kind) {
        return String.join(", ", kind.actions().stream().map(a -> "'" + a.words.get(0) + "'").toList());
    }

    private String name(TableGrid g, TableGrid.Row row) {
        TableGrid.Cell c = row.get(0);
        if (c.blank()) {
            problem(g, c.ref(), "every row needs a name in column A");
            return null;
        }
        if (c.text().length() > MAX_NAME) {
            problem(g, c.ref(), "the name is longer than " + MAX_NAME + " characters");
            return null;
        }
        return c.text();
    }

    private void rule(TableGrid g, Kind kind, List<Column> columns, TableGrid.Row row) {
        String name = name(g, row);
        List<Condition> conditions = new ArrayList<>();
        Integer points = null;
        String reason = null;
        int maxTimes = 0;
        String intent = null;
        boolean disqualifies = false;
        Double within = null;
        Integer burstEvents = null;
        Double burstHours = null;
        int before = problems.size();
        for (int i = 1; i < columns.size(); i++) {
            Column col = columns.get(i);
            TableGrid.Cell cell = row.get(i);
            if (col == null || cell.blank()) {
                continue;
            }
            if (col.isCondition()) {
                Condition c = condition(g, col, cell);
                if (c != null) {
                    conditions.add(c);
                }
                continue;
            }
            switch (col.action()) {
                case POINTS -> points = integer(g, cell, -MAX_POINTS, MAX_POINTS);
                case REASON -> reason = cell.text();
                case COUNTS_AT_MOST -> maxTimes = orZero(integer(g, cell, 1, 1000));
                case INTENT -> intent = intent(g, cell);
                case DISQUALIFIES -> disqualifies = yes(g, cell);
                case WITHIN_LAST_DAYS -> within = number(g, cell, 0, 36_500);
                case BURST_EVENTS -> burstEvents = integer(g, cell, 2, 1000);
                case BURST_HOURS -> burstHours = number(g, cell, 0, 876_000);
                default -> { }
            }
        }
        if (kind != Kind.EXISTING_CUSTOMERS && points == null && problems.size() == before) {
            problem(g, row.get(0).ref(), "row '" + name + "' gives no points: fill its Points cell");
        }
        if (conditions.isEmpty() && problems.size() == before) {
            problem(g, row.get(0).ref(), "row '" + name + "' has no condition, so it would match every "
                    + (kind.onEvents() ? "event" : "lead") + ": fill at least one condition cell"
                    + (kind.onEvents() ? "" : " (points every lead gets are the '" + BASE_FIT + "' setting)"));
        }
        if ((burstEvents == null) != (burstHours == null) && problems.size() == before) {
            problem(g, row.get(0).ref(), "a burst needs both 'Burst: at least events' and 'Burst: within hours'");
        }
        if (disqualifies && points != null && points > 0) {
            problem(g, row.get(0).ref(), "a disqualifying row takes points away: its Points must be negative or 0");
        }
        if (name == null || problems.size() != before) {
            return;
        }
        if (!claim(g, name, row)) {
            return;
        }
        rows.add(new TableRow(kind.rowKind(), name, reason, points == null ? 0 : points, maxTimes, intent, disqualifies,
                conditions, within, burstEvents == null ? 0 : burstEvents, burstHours == null ? 0 : burstHours,
                g.reference(row), null));
    }

    /** Records where a named row is; a name may be used once per model. */
    private boolean claim(TableGrid g, String name, TableGrid.Row row) {
        RuleSource source = new RuleSource(g.file(), g.sheet(), row.get(0).ref(), null);
        RuleSource earlier = sources.putIfAbsent(name, source);
        if (earlier != null) {
            problem(g, row.get(0).ref(), "rule name '" + name + "' is already used at " + earlier.reference()
                    + "; each rule of a model needs its own name");
            return false;
        }
        return true;
    }

    private Condition condition(TableGrid g, Column col, TableGrid.Cell cell) {
        return switch (col.operator().operand()) {
            case LIST -> {
                List<String> items = Words.items(cell.text());
                if (items.isEmpty()) {
                    problem(g, cell.ref(), "the list is empty");
                    yield null;
                }
                yield new Condition(col.field(), col.operator(), items, 0, cell.ref());
            }
            case NUMBER -> {
                Double n = number(g, cell, -1e15, 1e15);
                yield n == null ? null : new Condition(col.field(), col.operator(), List.of(), n, cell.ref());
            }
            case YES_NO -> yes(g, cell) ? new Condition(col.field(), col.operator(), List.of(), 0, cell.ref()) : null;
        };
    }

    private void setting(TableGrid g, List<Column> columns, TableGrid.Row row) {
        String name = name(g, row);
        Double value = null;
        for (int i = 1; i < columns.size(); i++) {
            if (columns.get(i) != null && columns.get(i).action() == Action.VALUE) {
                TableGrid.Cell cell = row.get(i);
                if (cell.blank()) {
                    problem(g, cell.ref(), "setting '" + name + "' has no value");
                } else {
                    value = number(g, cell, -1e9, 1e9);
                }
            }
        }
        if (name == null || value == null) {
            return;
        }
        RuleSource source = new RuleSource(g.file(), g.sheet(), row.get(0).ref(), null);
        if (settingCells.putIfAbsent(name, source) != null) {
            problem(g, row.get(0).ref(), "setting '" + name + "' is already set at " + settingCells.get(name).reference());
            return;
        }
        settings.add(new Setting(name, value));
        if ((name.equals(BASE_FIT) || name.equals(BASE_ENGAGEMENT)) && value != 0) {
            if (value != Math.rint(value)) {
                problem(g, row.get(0).ref(), "base points are whole points");
                return;
            }
            TableRow.Kind kind = name.equals(BASE_FIT) ? TableRow.Kind.BASE_FIT : TableRow.Kind.BASE_ENGAGEMENT;
            if (claim(g, name, row)) {
                rows.add(new TableRow(kind, name, "Base points of the model", value.intValue(), 0, null, false, List.of(),
                        null, 0, 0, g.reference(row), null));
            }
        }
    }

    private void band(TableGrid g, List<Column> columns, TableGrid.Row row) {
        String name = name(g, row);
        Double from = null;
        Double upTo = null;
        String meaning = null;
        for (int i = 1; i < columns.size(); i++) {
            Column col = columns.get(i);
            TableGrid.Cell cell = row.get(i);
            if (col == null) {
                continue;
            }
            switch (col.action()) {
                case TOTAL_FROM -> from = cell.blank() ? missing(g, cell, "Total from") : number(g, cell, 0, 100);
                case TOTAL_UP_TO -> upTo = cell.blank() ? missing(g, cell, "Total up to") : number(g, cell, 0, 100);
                case MEANING -> meaning = cell.text();
                default -> { }
            }
        }
        if (name == null || from == null || upTo == null) {
            return;
        }
        if (!name.matches("[\\p{L}\\p{N} _-]+")) {
            problem(g, row.get(0).ref(), "a band name is letters, digits, spaces, '-' or '_'");
            return;
        }
        if (claim(g, name, row)) {
            bands.add(new BandRow(name, name.strip().toUpperCase(Locale.ROOT).replace(' ', '_'), from, upTo, meaning,
                    g.reference(row)));
        }
    }

    private Double missing(TableGrid g, TableGrid.Cell cell, String what) {
        problem(g, cell.ref(), "'" + what + "' is empty");
        return null;
    }

    private void group(TableGrid g, List<Column> columns, TableGrid.Row row) {
        TableGrid.Cell fieldCell = row.get(0);
        Field field = fieldCell.blank() ? null : Headers.field(Headers.normalise(fieldCell.text()), false);
        if (field == null && !fieldCell.blank()) {
            field = Headers.field(Headers.normalise(fieldCell.text()), true);
        }
        if (field == null) {
            problem(g, fieldCell.ref(), "'" + fieldCell.text() + "' is not a field: use a profile field (Industry, "
                    + "Title, ...), 'CRM field <name>' or 'Property <name>'");
            return;
        }
        String group = null;
        List<String> values = List.of();
        for (int i = 1; i < columns.size(); i++) {
            Column col = columns.get(i);
            TableGrid.Cell cell = row.get(i);
            if (col == null) {
                continue;
            }
            if (col.action() == Action.GROUP) {
                group = cell.blank() ? null : cell.text();
            } else if (col.action() == Action.VALUES) {
                values = Words.items(cell.text());
            }
        }
        if (group == null || values.isEmpty()) {
            problem(g, fieldCell.ref(), "a value group needs a Group name and its Values");
            return;
        }
        for (String v : values) {
            String other = groupOfValue.putIfAbsent(field.key() + "\u0000" + v, group);
            if (other != null && !other.equalsIgnoreCase(group)) {
                problem(g, fieldCell.ref(), "'" + v + "' of " + field.label() + " is already in group '" + other + "'");
                return;
            }
        }
        groups.add(new ValueGroups.Group(field, group, values));
    }

    private void checkBands(List<TableGrid> grids) {
        if (bandTables == 0) {
            if (!grids.isEmpty()) {
                problems.add(BuildProblem.inFile(grids.get(0).file(), "the model has no Bands table "
                        + "(Band | Total from | Total up to | What sales does) covering totals 0 to 100"));
            }
            return;
        }
        for (int total = 0; total <= 100; total++) {
            int t = total;
            List<BandRow> covering = bands.stream().filter(b -> b.covers(t)).toList();
            if (covering.size() != 1) {
                BandRow any = covering.isEmpty() ? bands.get(0) : covering.get(1);
                String[] ref = any.source().split("!");
                problems.add(new BuildProblem(ref[0], ref[1], ref[2], null, covering.isEmpty()
                        ? "no band covers a total of " + t + ": the bands must cover 0-100"
                        : "bands '" + covering.get(0).name() + "' and '" + covering.get(1).name() + "' both cover a total of "
                                + t + ": the bands must not overlap"));
                return;
            }
        }
    }

    private Integer integer(TableGrid g, TableGrid.Cell cell, int min, int max) {
        Double d = number(g, cell, min, max);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d)) {
            problem(g, cell.ref(), "'" + cell.text() + "' is not a whole number");
            return null;
        }
        return d.intValue();
    }

    private Double number(TableGrid g, TableGrid.Cell cell, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(cell.text().strip());
        } catch (NumberFormatException e) {
            problem(g, cell.ref(), "'" + cell.text() + "' is not a number");
            return null;
        }
        if (!Double.isFinite(d) || d < min || d > max) {
            problem(g, cell.ref(), cell.text() + " is out of range (" + Words.number(min) + " to " + Words.number(max) + ")");
            return null;
        }
        return d;
    }

    private boolean yes(TableGrid g, TableGrid.Cell cell) {
        String t = cell.text().strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "yes", "y", "x", "true", "1" -> true;
            case "no", "n", "false", "0" -> false;
            default -> {
                problem(g, cell.ref(), "'" + cell.text() + "' is not yes or no");
                yield false;
            }
        };
    }

    private String intent(TableGrid g, TableGrid.Cell cell) {
        String t = cell.text().strip().toLowerCase(Locale.ROOT);
        if (!t.equals("low") && !t.equals("high")) {
            problem(g, cell.ref(), "intent is 'low' or 'high' (or empty)");
            return null;
        }
        return t;
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    /** The operators, for documentation and the console's editor. */
    public static List<Operator> operators() {
        return List.of(Operator.values());
    }
}
