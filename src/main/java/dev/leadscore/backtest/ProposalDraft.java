package dev.leadscore.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.leadscore.scoring.ModelSetting;
import dev.leadscore.rules.BuildProblem;
import dev.leadscore.rules.RulesetLimits;
import dev.leadscore.rules.tables.TableGrid;
import dev.leadscore.rules.tables.TableReader;
import dev.leadscore.rules.tables.TableWriter;

/**
 * A proposal as a draft of a model in the business table format: the model's own files, with
 * {@code fit.xlsx} (and {@code engagement.xlsx} when the export had events) replaced by the
 * proposed rows (other tables of those workbooks, such as value groups, kept), and the settings of
 * {@code thresholds.xlsx} carrying the proposed base points and qualification threshold. Of the negatives only the disqualifying rows stay (competitors,
 * students: business decisions); the others weigh fields the proposal has weighed from the
 * export, and would count them twice. Existing customers, bands and the developer code stay as
 * they are. Every table's notes say where its points came from. The model's
 * {@code examples.yaml} is left out: its expectations describe the current tables, and a new
 * table moves them on purpose; the user writes examples for the proposed model.
 */
final class ProposalDraft {
    static final String FIT = "fit.xlsx";
    static final String ENGAGEMENT = "engagement.xlsx";
    static final String THRESHOLDS = "thresholds.xlsx";
    static final String NEGATIVES = "negative.xlsx";
    static final String EXAMPLES = "examples.yaml";
    static final String BASE_FIT = ModelSetting.BASE_FIT_POINTS.label();
    static final String MIN_FIT = "MQL minimum fit";
    static final String MIN_ENGAGEMENT = "MQL minimum engagement";

    private ProposalDraft() {
    }

    /** The draft's files from the model's current files (name -> bytes). */
    static Map<String, byte[]> files(Proposal p, Map<String, byte[]> model) {
        Map<String, byte[]> out = new LinkedHashMap<>(model);
        out.remove(EXAMPLES);
        String evidence = String.format(Locale.ROOT, "Proposed from %d leads (%s converted). Held-out AUC %.3f over %d"
                + " folds; a logistic regression on all %d candidates reaches %.3f. Points: %.1f per unit of log-odds.",
                p.leads(), Analysis.pct(p.conversionRate()), p.evaluation().proposal().auc(), p.evaluation().folds(),
                p.evaluation().candidates(), p.evaluation().baseline().auc(), p.pointsPerLogOdds());
        List<Proposal.Criterion> fit = p.criteria().stream().filter(c -> c.table().equals("Fit")).toList();
        List<Proposal.Criterion> engagement = p.criteria().stream().filter(c -> c.table().equals("Engagement")).toList();
        out.put(FIT, withOtherTables(table("Fit", "Fit", evidence, fit), FIT, model.get(FIT)));
        if (!engagement.isEmpty()) {
            out.put(ENGAGEMENT, withOtherTables(table("Engagement", "Engagement", evidence, engagement), ENGAGEMENT,
                    model.get(ENGAGEMENT)));
        }
        byte[] negatives = model.get(NEGATIVES);
        if (negatives != null) {
            out.put(NEGATIVES, disqualifiersOnly(negatives));
        }
        byte[] thresholds = model.get(THRESHOLDS);
        if (thresholds != null) {
            out.put(THRESHOLDS, thresholds(p, thresholds, !engagement.isEmpty()));
        }
        return out;
    }

    /** One table: a Rule column, one column per field and operator the rows use, Points and Reason. */
    static TableWriter.Table table(String sheet, String kind, String notes, List<Proposal.Criterion> rows) {
        Set<String> conditions = new LinkedHashSet<>();
        for (Proposal.Criterion c : rows) {
            conditions.addAll(cells(c).keySet());
        }
        List<String> headers = new ArrayList<>();
        headers.add("Rule");
        headers.addAll(conditions);
        headers.add("Points");
        headers.add("Reason shown to sales");
        List<List<Object>> values = new ArrayList<>();
        for (Proposal.Criterion c : rows) {
            Map<String, Object> cells = cells(c);
            List<Object> row = new ArrayList<>();
            row.add(c.name());
            for (String h : conditions) {
                row.add(cells.get(h));
            }
            row.add(c.points());
            row.add(c.reason());
            values.add(row);
        }
        return new TableWriter.Table(sheet, kind, notes, headers, values);
    }

    /** The condition cells of a criterion: header -> value. */
    private static Map<String, Object> cells(Proposal.Criterion c) {
        Map<String, Object> cells = new LinkedHashMap<>();
        switch (c.operator()) {
            case "is any of" -> cells.put(c.field() + " is any of", String.join(", ", c.values()));
            case "is empty" -> cells.put(c.field() + " is empty", "yes");
            default -> {
                if (c.from() != null) {
                    cells.put(c.field() + " from", c.from());
                }
                if (c.below() != null) {
                    cells.put(c.field() + " below", c.below());
                }
            }
        }
        return cells;
    }

    /**
     * The proposed table, followed by the tables of the model's workbook of that name that are of
     * another kind: value groups kept in the same file stay the model's own.
     */
    private static byte[] withOtherTables(TableWriter.Table proposed, String file, byte[] original) {
        List<TableWriter.Table> tables = new ArrayList<>(List.of(proposed));
        if (original != null) {
            for (TableGrid g : new TableReader(RulesetLimits.DEFAULTS).read(file, original, new ArrayList<>())) {
                if (!g.kind().strip().equalsIgnoreCase(proposed.kind())) {
                    TableWriter.Table t = TableWriter.of(g);
                    tables.add(t.sheet().equalsIgnoreCase(proposed.sheet())
                            ? new TableWriter.Table(t.sheet() + " (kept)", t.kind(), t.notes(), t.headers(), t.rows()) : t);
                }
            }
        }
        return TableWriter.write(tables);
    }

    /** The negatives tables with their disqualifying rows only; tables of other kinds (value groups) as they are. */
    private static byte[] disqualifiersOnly(byte[] bytes) {
        List<TableWriter.Table> tables = new ArrayList<>();
        for (TableGrid g : new TableReader(RulesetLimits.DEFAULTS).read(NEGATIVES, bytes, new ArrayList<>())) {
            TableWriter.Table t = TableWriter.of(g);
            if (!g.kind().strip().toLowerCase(Locale.ROOT).endsWith("negatives")) {
                tables.add(t);
                continue;
            }
            int column = -1;
            for (int c = 0; c < t.headers().size(); c++) {
                if (t.headers().get(c).strip().equalsIgnoreCase("Disqualifies")) {
                    column = c;
                }
            }
            int disqualifies = column;
            List<List<Object>> rows = t.rows().stream().filter(r -> disqualifies >= 0 && disqualifies < r.size()
                    && r.get(disqualifies) != null && "yes".equalsIgnoreCase(r.get(disqualifies).toString().strip())).toList();
            String notes = (t.notes() == null ? "" : t.notes() + " ") + "Proposed draft: only the disqualifying rows are"
                    + " kept; the proposal weighs the other fields from the export.";
            tables.add(new TableWriter.Table(t.sheet(), t.kind(), notes, t.headers(), rows));
        }
        return TableWriter.write(tables);
    }

    /** The model's thresholds with the proposal's base points and MQL/PQL threshold in its settings. */
    private static byte[] thresholds(Proposal p, byte[] bytes, boolean withEngagement) {
        List<BuildProblem> problems = new ArrayList<>();
        List<TableGrid> grids = new TableReader(RulesetLimits.DEFAULTS).read(THRESHOLDS, bytes, problems);
        List<TableWriter.Table> tables = new ArrayList<>();
        for (TableGrid g : grids) {
            TableWriter.Table t = TableWriter.of(g);
            if (!"Settings".equalsIgnoreCase(g.kind())) {
                tables.add(t);
                continue;
            }
            Map<String, Object[]> settings = new LinkedHashMap<>();
            for (List<Object> row : t.rows()) {
                settings.put(String.valueOf(row.get(0)), row.toArray());
            }
            put(settings, BASE_FIT, p.basePoints(), "Points every lead starts its fit score with (proposed)");
            put(settings, MIN_FIT, p.threshold(), String.format(Locale.ROOT,
                    "Proposed: %s of the export's leads reach it", Analysis.pct(p.shareAtThreshold())));
            if (!withEngagement) {
                put(settings, MIN_ENGAGEMENT, 0, "Proposed from an export without activity, so qualification rests"
                        + " on fit alone; raise it once the engagement rows are tuned");
            }
            List<List<Object>> rows = new ArrayList<>();
            settings.values().forEach(v -> rows.add(java.util.Arrays.asList(v)));
            tables.add(new TableWriter.Table(t.sheet(), t.kind(), t.notes(), t.headers(), rows));
        }
        return TableWriter.write(tables);
    }

    private static void put(Map<String, Object[]> settings, String name, int value, String meaning) {
        Object[] row = settings.get(name);
        if (row == null) {
            row = new Object[] {name, value, meaning};
        } else {
            row = row.clone();
            row[1] = value;
            if (row.length > 2) {
                row[2] = meaning;
            }
        }
        settings.put(name, row);
    }
}
