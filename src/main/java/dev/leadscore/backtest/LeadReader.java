package dev.leadscore.backtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.leadscore.scoring.Company;
import dev.leadscore.scoring.Lead;

/**
 * Reads rows of the leads CSV into {@link HistoricalLead}s as the mapping says. A row either
 * reads, is left out for a stated reason (no outcome yet, an open deal, an empty row) or is
 * unreadable with the column to blame; it never stops the run.
 */
final class LeadReader {

    sealed interface Result permits Read, Skipped, Unreadable {
    }

    record Read(HistoricalLead lead) implements Result {
    }

    /** Left out on purpose; {@code reason} is a short key counted in the report ("open outcome 'Engaging'"). */
    record Skipped(long line, String reason) implements Result {
    }

    record Unreadable(RowProblem problem) implements Result {
    }

    /** Opens a file a join names. */
    @FunctionalInterface
    interface FileOpener {
        InputStream open(String file) throws IOException;
    }

    /** A column in the leads file (join -1) or in a joined file. */
    private record Ref(String column, int join, int index) {
    }

    private record JoinTable(Mapping.Join join, int leadsIndex, Map<String, String[]> rows, Map<String, Integer> columns) {
    }

    private final String file;
    private final CellValues cells;
    private final Ref id;
    private final Ref asOf;
    /** every lead's as-of instant when the mapping gives one date instead of a column */
    private final Instant constantAsOf;
    private final Ref outcome;
    private final Map<String, Ref> fields = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> values = new HashMap<>();
    private final Map<String, Double> scale;
    private final String listSeparator;
    private final Set<String> converted;
    private final Set<String> notConverted;
    private final CellValues.Dates dates;
    private final List<JoinTable> joins = new ArrayList<>();
    private final boolean idRequired;

    /** @param runStart the moment the run started, which {@code asOfDate: now} means */
    LeadReader(Mapping mapping, CsvTable table, FileOpener opener, Instant runStart) {
        this.file = table.file();
        Mapping.LeadColumns m = mapping.leads();
        this.cells = new CellValues(mapping.placeholderValues());
        for (Mapping.Join j : mapping.joinList()) {
            joins.add(loadJoin(j, table, mapping, opener));
        }
        this.id = m.id() == null ? null : ref(table, m.id(), "leads.id");
        this.constantAsOf = mapping.constantAsOf(runStart);
        this.asOf = constantAsOf == null ? ref(table, m.asOf(), "leads.asOf") : null;
        this.outcome = ref(table, m.outcome().column(), "leads.outcome.column");
        mapping.fields().forEach((target, column) -> fields.put(target, ref(table, column, "leads.fields." + target)));
        if (m.values() != null) {
            m.values().forEach((target, map) -> values.put(target, CellValues.lowerKeys(map)));
        }
        this.scale = m.scale() == null ? Map.of() : m.scale();
        this.listSeparator = m.listSeparator() == null ? ";" : m.listSeparator();
        this.converted = lower(m.outcome().converted());
        this.notConverted = m.outcome().notConverted() == null ? null : lower(m.outcome().notConverted());
        this.dates = new CellValues.Dates(m.dateFormat(), m.timeZone());
        this.idRequired = mapping.events() != null;
    }

    private static Set<String> lower(List<String> list) {
        return list.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private JoinTable loadJoin(Mapping.Join j, CsvTable leads, Mapping mapping, FileOpener opener) {
        int leadsIndex = leads.require(j.leadsColumn(), "joins.on");
        try (InputStream in = opener.open(j.file()); CsvTable t = new CsvTable(j.file(), in, mapping.delimiterChar())) {
            int key = t.require(j.column(), "joins.column");
            Map<String, Integer> columns = new HashMap<>();
            for (String c : t.columnNames()) {
                columns.put(c, t.require(c, "joins"));
            }
            Map<String, String[]> rows = new HashMap<>();
            while (t.hasNext()) {
                CsvTable.TableRow r = t.next();
                if (r.problem() == null && r.values()[key] != null && !r.values()[key].isBlank()) {
                    rows.putIfAbsent(norm(r.values()[key]), r.values());
                }
            }
            return new JoinTable(j, leadsIndex, rows, columns);
        } catch (IOException e) {
            throw new ImportException(j.file(), null, null, "cannot read the joined file: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ImportException(j.file(), null, null, "cannot read the joined file: " + e.getCause().getMessage());
        }
    }

    private static String norm(String key) {
        return key.strip().toLowerCase(Locale.ROOT);
    }

    /** A column of the leads file, else of the first joined file that has it. */
    private Ref ref(CsvTable table, String column, String key) {
        if (table.has(column) || joins.isEmpty()) {
            return new Ref(column, -1, table.require(column, key));
        }
        for (int k = 0; k < joins.size(); k++) {
            Integer i = joins.get(k).columns.get(column);
            if (i != null) {
                return new Ref(column, k, i);
            }
        }
        return new Ref(column, -1, table.require(column, key));
    }

    Result read(CsvTable.TableRow row) {
        if (row.problem() != null) {
            return new Unreadable(new RowProblem(file, row.line(), null, row.problem()));
        }
        String[] v = row.values();
        if (Arrays.stream(v).allMatch(s -> s == null || s.isBlank())) {
            return new Skipped(row.line(), "empty row");
        }
        String[][] joined = new String[joins.size()][];
        for (int k = 0; k < joins.size(); k++) {
            JoinTable j = joins.get(k);
            String key = v[j.leadsIndex];
            joined[k] = key == null ? null : j.rows.get(norm(key));
        }
        String outcomeText = cells.clean(get(v, joined, outcome));
        if (outcomeText == null) {
            return new Skipped(row.line(), "no outcome");
        }
        String o = outcomeText.toLowerCase(Locale.ROOT);
        boolean isConverted = converted.contains(o);
        if (!isConverted && notConverted != null && !notConverted.contains(o)) {
            return new Skipped(row.line(), "outcome '" + outcomeText + "' is neither converted nor not converted");
        }
        String leadId = id == null ? null : cells.clean(get(v, joined, id));
        if (leadId == null) {
            if (idRequired) {
                return problem(row.line(), id == null ? null : id.column, "no lead id, so its events cannot be matched");
            }
            leadId = "line-" + row.line();
        }
        Instant at = constantAsOf;
        if (at == null) {
            String asOfText = cells.clean(get(v, joined, asOf));
            if (asOfText == null) {
                return problem(row.line(), asOf.column, "no date to score as of");
            }
            try {
                at = dates.parse(asOfText);
            } catch (DateTimeException e) {
                return problem(row.line(), asOf.column, e.getMessage());
            }
        }
        Map<String, String> text = new HashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        Integer employees = null;
        BigDecimal revenue = null;
        List<String> techStack = List.of();
        for (Map.Entry<String, Ref> f : fields.entrySet()) {
            String target = f.getKey();
            String value = mapped(target, cells.clean(get(v, joined, f.getValue())));
            if (value == null) {
                continue;
            }
            switch (target) {
                case "company.employees" -> {
                    BigDecimal n = scaled(target, CellValues.number(value));
                    if (n == null || n.signum() < 0) {
                        return problem(row.line(), f.getValue().column, "'" + value + "' is not an employee count");
                    }
                    employees = n.setScale(0, RoundingMode.HALF_UP).intValueExact();
                }
                case "company.annualRevenue" -> {
                    revenue = scaled(target, CellValues.number(value));
                    if (revenue == null) {
                        return problem(row.line(), f.getValue().column, "'" + value + "' is not an amount");
                    }
                }
                case "company.techStack" -> techStack = Arrays.stream(value.split(java.util.regex.Pattern.quote(listSeparator)))
                        .map(String::strip).filter(s -> !s.isEmpty()).toList();
                default -> {
                    if (target.startsWith(Mapping.ATTRIBUTES)) {
                        attributes.put(target.substring(Mapping.ATTRIBUTES.length()), CellValues.attribute(value));
                    } else {
                        text.put(target, value);
                    }
                }
            }
        }
        Company company = new Company(text.get("company.name"), text.get("company.domain"), text.get("company.industry"),
                employees, revenue, text.get("company.country"), techStack);
        Lead lead = new Lead(leadId, text.get("email"), text.get("firstName"), text.get("lastName"), text.get("title"),
                text.get("country"), company, text.get("source"), text.get("accountId"), attributes);
        return new Read(new HistoricalLead(row.line(), leadId, lead, at, isConverted));
    }

    private BigDecimal scaled(String target, BigDecimal n) {
        Double factor = scale.get(target);
        return n == null || factor == null ? n : n.multiply(BigDecimal.valueOf(factor));
    }

    private String mapped(String target, String value) {
        Map<String, String> map = values.get(target);
        if (value == null || map == null) {
            return value;
        }
        String to = map.get(value.toLowerCase(Locale.ROOT));
        return to == null ? value : cells.clean(to);
    }

    private static String get(String[] v, String[][] joined, Ref ref) {
        if (ref.join < 0) {
            return v[ref.index];
        }
        String[] row = joined[ref.join];
        return row == null ? null : row[ref.index];
    }

    private Unreadable problem(long line, String column, String message) {
        return new Unreadable(new RowProblem(file, line, column, message));
    }
}
