package dev.leadscore.rules;

import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.drools.model.codegen.ExecutableModelProject;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Company;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;

/**
 * Building a model from its files: what the table reader refuses (naming file, sheet and cell),
 * that cell text is data whatever it looks like, and that compiled DRL passes the bytecode
 * allowlist or is refused naming the rule.
 */
class RulesetValidationTest {
    static final String SALES = "sales-led";
    static final String ENGAGEMENT = "engagement.xlsx";
    static final Instant AS_OF = Instant.parse("2026-03-03T12:00:00Z");
    private static final RulesetBuilder BUILDER = new RulesetBuilder(Clock.fixed(AS_OF, ZoneOffset.UTC));

    static Ruleset build(ModelEdits edits) throws RulesetBuildException {
        return BUILDER.build(edits.model, RuleFiles.of(edits.files));
    }

    static List<BuildProblem> refused(ModelEdits edits) {
        try {
            build(edits);
        } catch (RulesetBuildException e) {
            return e.problems();
        }
        throw new AssertionError("the model was expected to be refused");
    }

    static ScoreResult demoRequest(Ruleset ruleset) {
        Lead lead = new Lead("l1", "pat@acme.io", null, null, "VP Sales", "US",
                new Company("Acme", "acme.io", "SaaS", 200, null, null, List.of()), null, null, Map.of());
        return new ScoringEngine().score(ruleset, lead, List.of(new ActivityEvent("e1", "form_submit",
                AS_OF.minusSeconds(3600), Map.of("form", "demo_request"))), AS_OF);
    }

    @Test
    void theShippedModelsBuild() throws Exception {
        assertThat(build(ModelEdits.of(SALES)).tables().rows()).extracting(r -> r.getName()).contains("Demo request");
        assertThat(build(ModelEdits.of("product-led")).tables().getBands()).hasSize(4);
    }

    @Test
    void textInAPointsCellIsRefusedWithItsCell() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).cell(ENGAGEMENT, "Engagement", "F5", "fifty"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("engagement.xlsx, sheet Engagement, cell F5");
            assertThat(p.message()).contains("'fifty' is not a number");
        });
    }

    @Test
    void anUnknownColumnHeaderIsRefusedNamingTheCell() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES)
                .cell(ENGAGEMENT, "Engagement", "J4", "Lead temperature is any of")
                .cell(ENGAGEMENT, "Engagement", "J5", "hot"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("engagement.xlsx, sheet Engagement, cell J4");
            assertThat(p.message()).contains("unknown column header 'Lead temperature is any of'");
        });
    }

    @Test
    void aWrongIntentARowWithoutConditionAndValuesWithoutAHeaderAreEachNamed() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES)
                .cell(ENGAGEMENT, "Engagement", "H5", "urgent")
                .cell(ENGAGEMENT, "Engagement", "B6", null)
                .cell(ENGAGEMENT, "Engagement", "C6", null));
        assertThat(problems).extracting(BuildProblem::location).containsExactlyInAnyOrder(
                "engagement.xlsx, sheet Engagement, cell H5", "engagement.xlsx, sheet Engagement, cell A6");
        assertThat(refused(ModelEdits.of(SALES).cell("fit.xlsx", "Fit", "L5", "x"))).singleElement()
                .satisfies(p -> assertThat(p.location()).isEqualTo("fit.xlsx, sheet Fit, cell L4"));
    }

    @Test
    void overlappingBandsAndAnUnknownSettingAreRefused() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES)
                .cell("thresholds.xlsx", "Bands", "C6", 80)
                .cell("thresholds.xlsx", "Settings", "A15", "Mql minimum fit")
                .cell("thresholds.xlsx", "Settings", "B15", 40));
        assertThat(problems).extracting(BuildProblem::message).anySatisfy(m -> assertThat(m).contains("both cover a total of 76"))
                .anySatisfy(m -> assertThat(m).contains("unknown setting 'Mql minimum fit'"));
    }

    @Test
    void aSettingTheRulesReadMustBeSet() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).cell("thresholds.xlsx", "Settings", "A5", "Minimum fit"));
        assertThat(problems).extracting(BuildProblem::message)
                .anySatisfy(m -> assertThat(m).contains("'MQL minimum fit' is read by the model's rules but no Settings table sets it"));
    }

    @Test
    void aWorkbookInTheOldDecisionTableLayoutIsRefusedWhateverTheCase() throws IOException {
        byte[] old = workbook(sheet -> {
            row(sheet, 0, "ruleset", "rules.salesled");
            row(sheet, 2, "ruletable Engagement");
            row(sheet, 3, "NAME", "CONDITION", "ACTION");
            row(sheet, 4, "", "$e : ActivityEvent");
            row(sheet, 5, "", "type == \"$param\"", "insert(Adjustment.engagement(kcontext, $e, $param));");
        });
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).put(ENGAGEMENT, old));
        assertThat(problems).singleElement().satisfies(p ->
                assertThat(p.message()).contains("old decision-table layout").contains("no longer read"));
    }

    @Test
    void codeWrittenIntoCellsIsOnlyText() throws Exception {
        String reason = "\"); System.exit(1); insert(new Object()); //";
        Ruleset r = build(ModelEdits.of(SALES)
                .cell(ENGAGEMENT, "Engagement", "G5", reason)
                .cell(ENGAGEMENT, "Engagement", "A6", "Contact\"); java.lang.Runtime.getRuntime().exec(\"touch /tmp/x\"); //")
                .cell(ENGAGEMENT, "Engagement", "C7", "${jndi:ldap://x}, #{T(java.lang.Runtime)}")
                .cell(ENGAGEMENT, "Engagement", "E7", null)
                .cell(ENGAGEMENT, "Engagement", "B7", "page_view\") || true || (\""));
        ScoreResult s = demoRequest(r);
        assertThat(s.adjustments()).anySatisfy(a -> {
            assertThat(a.rule()).isEqualTo("Demo request");
            assertThat(a.reason()).isEqualTo(reason);
        });
        // the odd event type is a word that no event has: the row matches nothing
        assertThat(s.adjustments()).noneMatch(a -> a.rule().equals("Pricing page view"));
        assertThat(r.compiledDrl().values()).noneMatch(drl -> drl.contains("exec") || drl.contains("jndi"));
    }

    @Test
    void aFormulaIsTakenAtTheValueTheEditorSaved() throws Exception {
        Ruleset r = build(ModelEdits.of(SALES).workbook(ENGAGEMENT, wb -> {
            var cell = wb.getSheet("Engagement").getRow(4).getCell(5);
            cell.setCellFormula("25*2");
            wb.getCreationHelper().createFormulaEvaluator().evaluateFormulaCell(cell);
        }));
        assertThat(demoRequest(r).adjustments()).anySatisfy(a -> {
            assertThat(a.rule()).isEqualTo("Demo request");
            assertThat(a.points()).isEqualTo(50);
        });
    }

    @Test
    void aRuleWrittenForEventsOrAdjustmentsAsSessionFactsIsRefusedNotLeftNeverFiring() {
        // as rules were written when every event and adjustment was a fact of its own: it would compile and never fire
        String drl = """
                package rules.salesled;
                import dev.leadscore.scoring.*;
                rule "Old-style webinar bonus"
                when
                    $e : ActivityEvent(type == "webinar_attended")
                    not Adjustment(rule == "Old-style webinar bonus")
                then
                end
                """;
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).put("old.drl", drl.getBytes()));
        assertThat(problems).extracting(BuildProblem::message)
                .anySatisfy(m -> assertThat(m).contains("matches ActivityEvent facts").contains("from $card"))
                .anySatisfy(m -> assertThat(m).contains("matches Adjustment facts"));
        assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("old.drl"));
    }

    @Test
    void aDrlThatReachesTheFileSystemThroughAllowedNamesIsRefusedByTheBytecodeCheckNamingTheRule() {
        String drl = """
                package rules.salesled;
                import dev.leadscore.scoring.*;
                rule "Sneaky"
                when
                    Lead()
                then
                    java.io.InputStream in = Category.FIT.getDeclaringClass().getResource("/").toURI()
                            .resolve("file:///etc/hostname").toURL().openStream();
                end
                """;
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).put("sneaky.drl", drl.getBytes()));
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo("sneaky.drl"));
    }

    @Test
    void aRuleCannotReachWhatTheEngineKeepsOnAnEvent() {
        String drl = """
                package rules.salesled;
                import dev.leadscore.scoring.*;
                rule "Forgets its matches"
                when
                    $c : Scorecard()
                then
                    for (ActivityEvent e : $c.getEvents()) { e.keepRowsMatchedBy($c, new int[0]); }
                end
                """;
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).put("kept.drl", drl.getBytes()));
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo("kept.drl"))
                .anySatisfy(p -> assertThat(p.message()).contains("keepRowsMatchedBy"));

        // and should the source check miss it, the compiled rule is refused
        assertThat(BytecodeAllowlist.check(compiledClasses(drl.replace("rules.salesled", "probe")))).isNotEmpty()
                .allSatisfy(f -> assertThat(f.reference()).contains("keepRowsMatchedBy"))
                .extracting(BytecodeAllowlist.Finding::rule).containsOnly("Forgets its matches");
    }

    @Test
    void theBytecodeAllowlistAloneRefusesJavaIoFileAndNamesTheRule() {
        String drl = """
                package probe;
                import dev.leadscore.scoring.*;
                rule "Reads a file"
                when
                    $l : Lead()
                then
                    boolean there = new java.io.File("/etc/hostname").exists();
                end
                rule "Harmless"
                when
                    $l : Lead()
                then
                    String s = Math.max(1, 2) + $l.getTitle();
                end
                """;
        List<BytecodeAllowlist.Finding> findings = BytecodeAllowlist.check(compiledClasses(drl));
        assertThat(findings).isNotEmpty().allSatisfy(f -> assertThat(f.reference()).startsWith("java.io.File"));
        assertThat(findings).extracting(BytecodeAllowlist.Finding::rule).contains("Reads a file").doesNotContain("Harmless");
    }

    /** The classes the rule compiler makes of {@code drl} (package {@code probe}), for the bytecode check alone. */
    private Map<String, byte[]> compiledClasses(String drl) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem().write("src/main/resources/probe/probe.drl", drl);
        KieBuilder kb = ks.newKieBuilder(kfs, getClass().getClassLoader()).buildAll(ExecutableModelProject.class);
        assertThat(kb.getResults().getMessages(Message.Level.ERROR)).isEmpty();
        InternalKieModule module = (InternalKieModule) kb.getKieModule();
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String name : module.getFileNames()) {
            if (name.endsWith(".class")) {
                classes.put(name.substring(0, name.length() - 6), module.getBytes(name));
            }
        }
        return classes;
    }

    @Test
    void aSymbolicLinkInTheRulesFolderIsRefusedNotFollowed() throws IOException {
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("rules-link-");
        java.nio.file.Files.createSymbolicLink(folder.resolve("fit.xlsx"), java.nio.file.Path.of("/etc/hostname"));
        assertThatThrownBy(() -> RuleFiles.read(folder)).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("fit.xlsx is a symbolic link");
    }

    @Test
    void theExecutableModelRuleMethodNamesDecodeToRuleNames() {
        assertThat(BytecodeAllowlist.ruleOf("lambda$rule_Engagement_32decay$0")).isEqualTo("Engagement decay");
        assertThat(BytecodeAllowlist.ruleOf("values")).isNull();
    }

    static byte[] workbook(java.util.function.Consumer<Sheet> fill) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fill.accept(wb.createSheet("Engagement"));
            wb.write(out);
            return out.toByteArray();
        }
    }

    static void row(Sheet sheet, int r, String... values) {
        Row row = sheet.createRow(r);
        List<String> v = new ArrayList<>(List.of(values));
        for (int c = 0; c < v.size(); c++) {
            row.createCell(c).setCellValue(v.get(c));
        }
    }
}
