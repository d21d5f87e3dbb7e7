package dev.leadscore.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * The one place that turns a model's files into a {@link Ruleset}. First the files are checked
 * without compiling anything ({@link RulesetValidator}: sizes, safe workbooks, table layout and
 * cells, rule code against {@link CodeAllowlist}); then decision tables are converted to DRL sheet
 * by sheet (so every generated rule knows its sheet and cell) and everything is compiled with the
 * KIE API into a fresh KIE base; finally the model's example leads must score as they expect.
 */
public final class RulesetBuilder {
    private static final Pattern ROW_COMMENT = Pattern.compile("^// rule values at ([A-Z]+)(\\d+), header at");
    private static final Pattern RULE_DECLARATION = Pattern.compile("^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+))");

    private static final String RESOURCES = "src/main/resources/";

    private final Clock clock;
    private final RulesetValidator validator;

    public RulesetBuilder(Clock clock) {
        this(clock, RulesetLimits.DEFAULTS);
    }

    public RulesetBuilder(Clock clock, RulesetLimits limits) {
        this.clock = clock;
        this.validator = new RulesetValidator(limits);
    }

    /** Where a file of the KIE file system came from, to map compiler messages back to the user's files. */
    private record Origin(String file, String sheet, String drl) {
    }

    public Ruleset build(String model, RuleFiles files) throws RulesetBuildException {
        if (files.isEmpty()) {
            throw new RulesetBuildException(model,
                    List.of(BuildProblem.inFile(null, "the model has no *.drl or *.drl.xlsx files")));
        }
        // nothing user-supplied is compiled before it passed the checks
        List<BuildProblem> problems = new ArrayList<>(validator.check(files));
        ExampleLeads.File examples = null;
        byte[] examplesYaml = files.files().get(RuleFiles.EXAMPLES);
        if (examplesYaml != null) {
            examples = ExampleLeads.parse(examplesYaml, problems);
        }
        if (!problems.isEmpty()) {
            throw new RulesetBuildException(model, problems);
        }
        Map<String, Origin> origins = new LinkedHashMap<>();
        Map<String, RuleSource> sources = new HashMap<>();
        Map<String, String> generated = new LinkedHashMap<>();
        String base = "rules/" + model.replaceAll("[^A-Za-z0-9_-]", "_") + "/";

        for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
            String name = f.getKey();
            if (name.endsWith(RuleFiles.DECISION_TABLE)) {
                for (Map.Entry<String, String> sheet : decisionTableToDrl(name, f.getValue(), problems).entrySet()) {
                    String path = base + name + "/" + sheet.getKey().replaceAll("[^A-Za-z0-9_-]", "_") + ".drl";
                    origins.put(path, new Origin(name, sheet.getKey(), sheet.getValue()));
                    generated.put(name + " / " + sheet.getKey(), sheet.getValue());
                    indexRules(sheet.getValue(), name, sheet.getKey(), sources, problems);
                }
            } else if (name.endsWith(RuleFiles.DRL)) {
                String drl = new String(f.getValue(), StandardCharsets.UTF_8);
                origins.put(base + name, new Origin(name, null, drl));
                indexRules(drl, name, null, sources, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new RulesetBuildException(model, problems);
        }

        KieServices ks = KieServices.Factory.get();
        ClassLoader loader = classLoader();
        KieFileSystem kfs = ks.newKieFileSystem();
        String version = files.version();
        ReleaseId releaseId = ks.newReleaseId("dev.leadscore.rules", model.replaceAll("[^A-Za-z0-9_.-]", "_"), "1.0.0-" + version);
        kfs.generateAndWritePomXML(releaseId);
        origins.forEach((path, origin) -> kfs.write(RESOURCES + path, origin.drl()));
        KieBuilder builder = ks.newKieBuilder(kfs, loader).buildAll(ExecutableModelProject.class);
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            problems.add(locate(m, origins, files));
        }
        if (!problems.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            throw new RulesetBuildException(model, problems);
        }
        KieContainer container = ks.newKieContainer(releaseId, loader);
        Ruleset ruleset;
        try {
            ruleset = new Ruleset(model, version, container.getKieBase(), Map.copyOf(sources), generated, files,
                    clock.instant());
        } finally {
            // the KIE base stays usable; the repository must not keep every version ever built
            ks.getRepository().removeKieModule(releaseId);
        }
        if (examples != null) {
            problems.addAll(ExampleLeads.verify(ruleset, examples));
            if (!problems.isEmpty()) {
                throw new RulesetBuildException(model, problems);
            }
        }
        return ruleset;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : RulesetBuilder.class.getClassLoader();
    }

    /** Converts every sheet holding a RuleTable to DRL; sheets without one (notes, read-me) are skipped. */
    private static Map<String, String> decisionTableToDrl(String file, byte[] bytes, List<BuildProblem> problems) {
        Map<String, String> drlBySheet = new LinkedHashMap<>();
        List<String> ruleSheets = new ArrayList<>();
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            for (Sheet sheet : wb) {
                if (hasRuleTable(sheet)) {
                    ruleSheets.add(sheet.getSheetName());
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(BuildProblem.inFile(file, "not a readable .xlsx workbook: " + e.getMessage()));
            return drlBySheet;
        }
        if (ruleSheets.isEmpty()) {
            problems.add(BuildProblem.inFile(file, "no sheet contains a 'RuleTable' cell"));
        }
        for (String sheet : ruleSheets) {
            try {
                String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(bytes), sheet);
                drlBySheet.put(sheet, drl);
            } catch (RuntimeException e) {
                problems.add(new BuildProblem(file, sheet, cellIn(e), null, rootMessage(e)));
            }
        }
        return drlBySheet;
    }

    private static boolean hasRuleTable(Sheet sheet) {
        for (Row row : sheet) {
            for (Cell cell : row) {
                if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().trim().startsWith("RuleTable")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final Pattern CELL_REFERENCE = Pattern.compile("\\b([A-Z]{1,3}\\d{1,7})\\b");

    private static String cellIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = CELL_REFERENCE.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Records where each rule is written; a rule name may be used once per model. */
    private static void indexRules(String drl, String file, String sheet, Map<String, RuleSource> sources,
            List<BuildProblem> problems) {
        String[] lines = drl.split("\n", -1);
        String rowCell = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher row = ROW_COMMENT.matcher(lines[i]);
            if (row.find()) {
                rowCell = row.group(1) + row.group(2);
                continue;
            }
            Matcher decl = RULE_DECLARATION.matcher(lines[i]);
            if (decl.find()) {
                String name = decl.group(1) != null ? decl.group(1).replace("\\\"", "\"")
                        : decl.group(2) != null ? decl.group(2) : decl.group(3);
                RuleSource source = sheet == null ? new RuleSource(file, null, null, i + 1)
                        : new RuleSource(file, sheet, rowCell, null);
                RuleSource earlier = sources.putIfAbsent(name, source);
                if (earlier != null) {
                    problems.add(new BuildProblem(file, sheet, source.cell(), source.line(),
                            "rule name '" + name + "' is already used at " + earlier.reference()
                                    + "; each rule of a model needs its own name"));
                }
                rowCell = null;
            }
        }
    }

    private static final Pattern EXPRESSION = Pattern.compile("expression:?\\s*(.+)$", Pattern.MULTILINE);

    /**
     * Maps a compiler message on a KIE file back to the user's file and line, or sheet and cell.
     * The executable-model compiler often reports no line; the expression it quotes is then looked
     * up in the source, and for a decision table matched against the code row of each column.
     */
    private static BuildProblem locate(Message m, Map<String, Origin> origins, RuleFiles files) {
        String path = m.getPath() == null ? "" : m.getPath();
        Origin origin = origins.get(path.startsWith(RESOURCES) ? path.substring(RESOURCES.length()) : path);
        String text = m.getText() == null ? "" : m.getText().strip();
        if (origin == null) {
            return BuildProblem.inFile(m.getPath(), text);
        }
        String[] lines = origin.drl().split("\n", -1);
        int line = m.getLine() > 0 ? m.getLine() : 0;
        Matcher quoted = EXPRESSION.matcher(text);
        String expression = quoted.find() ? quoted.group(1).strip() : null;
        if (line == 0 && expression != null) {
            for (int i = 0; i < lines.length && line == 0; i++) {
                if (lines[i].contains(expression)) {
                    line = i + 1;
                }
            }
        }
        if (origin.sheet() == null) {
            return new BuildProblem(origin.file(), null, null, line > 0 ? line : null, text);
        }
        // a generated rule: find the row comment above the reported line
        String rowCell = null;
        for (int i = Math.min(Math.max(line, 1), lines.length) - 1; i >= 0 && line > 0; i--) {
            Matcher row = ROW_COMMENT.matcher(lines[i]);
            if (row.find()) {
                rowCell = row.group(1) + row.group(2);
                break;
            }
        }
        String codeCell = expression == null ? null : codeCellOf(files.files().get(origin.file()), origin.sheet(), expression);
        String where = rowCell == null ? "" : " (in the rule of row " + rowCell.replaceAll("[A-Z]", "") + ")";
        return new BuildProblem(origin.file(), origin.sheet(), codeCell != null ? codeCell : rowCell,
                null, text + where + (codeCell != null ? "; check the code in cell " + codeCell : ""));
    }

    /** The code-row cell whose snippet, filled with some value, reads as {@code expression}. */
    private static String codeCellOf(byte[] workbook, String sheet, String expression) {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(workbook))) {
            for (RuleTables.Table table : RuleTables.tables(wb)) {
                if (!table.sheet().equals(sheet)) {
                    continue;
                }
                for (RuleTables.Column c : table.columns()) {
                    if (c.code() != null && snippetPattern(c.code()).matcher(expression).find()) {
                        return c.codeCell();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static Pattern snippetPattern(String code) {
        StringBuilder regex = new StringBuilder();
        Matcher slot = Pattern.compile("\\$(param|\\d+)").matcher(code);
        int at = 0;
        while (slot.find()) {
            regex.append(Pattern.quote(code.substring(at, slot.start()).strip())).append("\\s*.*?\\s*");
            at = slot.end();
        }
        regex.append(Pattern.quote(code.substring(at).strip()));
        return Pattern.compile(regex.toString());
    }
}
