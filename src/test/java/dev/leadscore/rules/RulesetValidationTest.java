package dev.leadscore.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each class of bad edit to a model is refused with the file and line, or file, sheet and cell,
 * and the hostile ones are refused by the checks that run before anything is compiled.
 */
class RulesetValidationTest {
    private static final String SALES = "sales-led";
    private static final String ENGAGEMENT = "engagement.drl.xlsx";

    private static List<BuildProblem> refused(ModelEdits edits) {
        RulesetBuildException e = catchThrowableOfType(RulesetBuildException.class, edits::build);
        assertThat(e).as("the edit must be refused").isNotNull();
        assertThat(e.problems()).isNotEmpty();
        return e.problems();
    }

    /** What the checks that run before compiling say; the hostile edits must be caught here. */
    private static List<BuildProblem> beforeCompiling(ModelEdits edits) {
        return new RulesetValidator(RulesetLimits.DEFAULTS).check(edits.files());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sales-led", "product-led"})
    void defaultModelsPassEveryCheckAndReproduceTheirExamples(String model) {
        ModelEdits defaults = ModelEdits.of(model);
        assertThat(defaults.files.keySet()).contains(RuleFiles.EXAMPLES);
        assertThat(beforeCompiling(defaults)).isEmpty();
        assertThatCode(defaults::build).doesNotThrowAnyException();
    }

    @Test
    void typoInAConditionCellIsNamedBySheetAndCell() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES)
                .cell(ENGAGEMENT, "Engagement", "B8", "tpye == \"$param\""));

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(ENGAGEMENT);
            assertThat(p.sheet()).isEqualTo("Engagement");
            assertThat(p.cell()).isEqualTo("B8");
            assertThat(p.message()).contains("tpye");
        });
    }

    @Test
    void typoInADrlConditionIsNamedByFileAndLine() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES)
                .text("scoring.drl", "Subtotal(name == Subtotal.FIT, $fit : value)\n    Subtotal(name == Subtotal.ENGAGEMENT, $engagement : value)\nthen\n    int raw",
                        "Subtotal(nmae == Subtotal.FIT, $fit : value)\n    Subtotal(name == Subtotal.ENGAGEMENT, $engagement : value)\nthen\n    int raw"));

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("scoring.drl");
            assertThat(p.line()).isEqualTo(lineOf(SALES, "scoring.drl", "Subtotal(name == Subtotal.FIT, $fit : value)\n    Subtotal(name == Subtotal.ENGAGEMENT"));
            assertThat(p.message()).contains("nmae");
        });
    }

    @Test
    void textInAPointsCellIsRefusedWithItsCell() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).cell(ENGAGEMENT, "Engagement", "G12", "thirty"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("engagement.drl.xlsx, sheet Engagement, cell G12");
            assertThat(p.message()).contains("Points", "must be a number", "thirty");
        });
    }

    @Test
    void aNumberFormattedWithThousandSeparatorsIsRefusedBecauseDroolsWouldReadTheFormattedText() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).workbook("fit.drl.xlsx", wb -> {
            var style = wb.createCellStyle();
            style.setDataFormat(wb.createDataFormat().getFormat("#,##0"));
            var cell = wb.getSheet("Fit").getRow(12).getCell(3); // D13, "Employees below" 1000
            cell.setCellValue(1000);
            cell.setCellStyle(style);
        }));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("fit.drl.xlsx, sheet Fit, cell D13");
            assertThat(p.message()).contains("must be a number, found '1,000'", "plain number format");
        });
    }

    @Test
    void aNumberTypedAsTextStillCounts() throws Exception {
        Ruleset r = ModelEdits.of(SALES).cell(ENGAGEMENT, "Engagement", "G12", "30").build();
        assertThat(r.generatedDrl().get("engagement.drl.xlsx / Engagement")).contains("$e, 30)");
    }

    @Test
    void invalidIntentAndRepeatLimitAreRefused() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES)
                .cell(ENGAGEMENT, "Engagement", "I10", "urgent")
                .cell(ENGAGEMENT, "Engagement", "J11", 0));

        assertThat(problems).extracting(BuildProblem::cell).containsExactlyInAnyOrder("I10", "J11");
    }

    @Test
    void aTableWithoutItsPointsColumnIsRefused() {
        // the user deletes column G (Points): the metadata columns move left
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).workbook(ENGAGEMENT, wb -> {
            var sheet = wb.getSheet("Engagement");
            for (var row : sheet) {
                var g = row.getCell(6);
                if (g != null) {
                    row.removeCell(g);
                }
            }
            sheet.shiftColumns(7, 9, -1);
        }));

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.location()).isEqualTo("engagement.drl.xlsx, sheet Engagement, cell A5");
            assertThat(p.message()).contains("no ACTION column");
        });
    }

    @Test
    void aTableWithoutItsNameColumnIsRefused() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).cell(ENGAGEMENT, "Engagement", "A6", null));

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.location()).isEqualTo("engagement.drl.xlsx, sheet Engagement, cell A5");
            assertThat(p.message()).contains("no NAME column");
        });
    }

    @Test
    void aRowWithoutANameOrWithADuplicateNameIsRefused() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES)
                .cell(ENGAGEMENT, "Engagement", "A14", null)
                .cell(ENGAGEMENT, "Engagement", "A15", "Demo request"));

        assertThat(problems).extracting(BuildProblem::cell).contains("A14", "A15");
    }

    @Test
    void aCodeColumnWithoutCodeIsRefused() {
        // without a snippet Drools would paste each cell in as code
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).cell(ENGAGEMENT, "Engagement", "C8", null));

        assertThat(problems).anySatisfy(p -> assertThat(p.cell()).isEqualTo("C8"));
    }

    @Test
    void aCorruptWorkbookIsRefused() {
        byte[] good = ModelEdits.of(SALES).files.get(ENGAGEMENT);
        List<BuildProblem> truncated = refused(ModelEdits.of(SALES).put(ENGAGEMENT, Arrays.copyOf(good, good.length / 2)));
        List<BuildProblem> notAZip = refused(ModelEdits.of(SALES).put(ENGAGEMENT, "Name,Points\nDemo,50\n".getBytes()));

        assertThat(truncated).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(ENGAGEMENT);
            assertThat(p.message()).contains("corrupt");
        });
        assertThat(notAZip).singleElement().satisfies(p -> assertThat(p.message()).contains("not an .xlsx workbook"));
    }

    @Test
    void anOversizedFileIsRefusedBeforeItIsOpened() {
        RulesetLimits small = new RulesetLimits(4_000, 10_000_000, 200, 20_000_000, 0.01);
        RulesetBuildException e = catchThrowableOfType(RulesetBuildException.class,
                () -> ModelEdits.of(SALES).build(small));

        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(ENGAGEMENT);
            assertThat(p.message()).contains("more than the limit of 4 KiB");
        });
    }

    @Test
    void aZipBombIsRefusedBeforePoiParsesIt() throws IOException {
        byte[] bomb = zip("xl/worksheets/sheet1.xml", new byte[40 * 1024 * 1024]);
        assertThat((long) bomb.length).isLessThan(RulesetLimits.DEFAULTS.maxFileBytes());

        assertThat(refused(ModelEdits.of(SALES).put(ENGAGEMENT, bomb))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("zip bomb"));
    }

    @Test
    void aWorkbookDeclaringXmlEntitiesIsRefused() throws IOException {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><x>&b;</x>";
        byte[] hostile = zip("[Content_Types].xml", xml.getBytes(StandardCharsets.UTF_8));

        assertThat(refused(ModelEdits.of(SALES).put(ENGAGEMENT, hostile))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("DOCTYPE"));
    }

    private static final String HOSTILE_RULE = """

            rule "Harmless looking"
            when
                Lead()
            then
                %s
            end
            """;

    @ParameterizedTest
    @ValueSource(strings = {
            "Runtime.getRuntime().exec(\"touch /tmp/leadscore-pwned\");",
            "java.lang.Runtime.getRuntime().exec(new String[] {\"sh\", \"-c\", \"id\"});",
            "new ProcessBuilder(\"id\").start();",
            "System.exit(1);",
            "Class.forName(\"java.lang.Runtime\");",
            "Object o = \"x\"; o.getClass().getMethods();",
            "new java.io.File(\"/etc/passwd\").delete();",
            "java.nio.file.Files.readAllBytes(java.nio.file.Path.of(\"/etc/passwd\"));",
            "new java.net.Socket(\"example.org\", 80);",
            "new Thread(() -> {}).start();",
            "kcontext.getKieRuntime().halt();",
            "\\u0052untime.getRuntime().exec(\"id\");",
            "long t = java.time.Instant.now().toEpochMilli();",
            "double r = Math.random();"})
    void hostileDrlIsRefusedBeforeCompilingWithItsLine(String consequence) {
        String drl = String.format(HOSTILE_RULE, consequence);
        ModelEdits edits = ModelEdits.of(SALES).put("hostile.drl", drl.getBytes(StandardCharsets.UTF_8));

        assertThat(beforeCompiling(edits)).isNotEmpty().allSatisfy(p -> {
            assertThat(p.file()).isEqualTo("hostile.drl");
            assertThat(p.line()).isEqualTo(6);
        });
        assertThat(refused(edits)).allSatisfy(p -> assertThat(p.file()).isEqualTo("hostile.drl"));
    }

    @Test
    void ruleCodeWithinTheAllowlistPassesAndBuilds() throws Exception {
        String drl = """
                package rules.salesled;
                import dev.leadscore.scoring.*;
                import java.time.Duration;

                declare Visit
                    @role(event)
                    page : String
                    at : java.time.Instant
                end

                function int half(int points) {
                    return Math.round(points / 2.0f);
                }

                rule "Unusually large adjustment halved"
                    salience -5
                when
                    $ctx : ScoringContext()
                    $a : Adjustment(points > 1000, occurredAt != null,
                            Duration.between(occurredAt, $ctx.getAsOf()).toDays() < 7)
                then
                    insert(Adjustment.of(kcontext, Category.FIT, -half($a.getPoints()), "halved: " + String.valueOf($a.getRule())));
                end
                """;
        ModelEdits edits = ModelEdits.of(SALES).put("extra.drl", drl.getBytes(StandardCharsets.UTF_8));

        assertThat(beforeCompiling(edits)).isEmpty();
        assertThat(edits.build().ruleSources()).containsKey("Unusually large adjustment halved");
    }

    @Test
    void hostileImportsAndFunctionsAreRefused() {
        String drl = """
                package rules.salesled;
                import java.io.File;
                import function java.lang.System.exit;
                import dev.leadscore.scoring.*;

                function void wipe(String path) {
                    new File(path).delete();
                }
                """;
        List<BuildProblem> problems = beforeCompiling(ModelEdits.of(SALES).put("helpers.drl", drl.getBytes(StandardCharsets.UTF_8)));

        assertThat(problems).extracting(BuildProblem::line).contains(2, 3, 7);
    }

    @Test
    void aCellThatClosesItsStringAndAppendsCodeIsRefusedBeforeCompiling() {
        ModelEdits edits = ModelEdits.of(SALES)
                .cell(ENGAGEMENT, "Engagement", "B10", "form_submit\" || Runtime.getRuntime().exec(\"id\") != null || type == \"x");

        assertThat(beforeCompiling(edits)).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("engagement.drl.xlsx, sheet Engagement, cell B10");
            assertThat(p.message()).contains("may not contain \"");
        });
    }

    @Test
    void aPointsCellCarryingCodeIsRefusedBeforeCompiling() {
        ModelEdits edits = ModelEdits.of(SALES)
                .cell(ENGAGEMENT, "Engagement", "G10", "50)); Runtime.getRuntime().exec(\"id\"); insert((Object) 1");

        assertThat(beforeCompiling(edits)).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo("engagement.drl.xlsx, sheet Engagement, cell G10");
            assertThat(p.message()).contains("must be a number");
        });
    }

    @Test
    void hostileCodeInATableCodeRowOrImportIsRefusedWithItsCell() {
        ModelEdits edits = ModelEdits.of(SALES)
                .cell(ENGAGEMENT, "Engagement", "G8", "insert(Adjustment.engagement(kcontext, $e, $param)); System.exit(1);")
                .cell(ENGAGEMENT, "Engagement", "B2", "dev.leadscore.scoring.*, java.io.File");

        assertThat(beforeCompiling(edits)).extracting(BuildProblem::cell).containsOnly("G8", "B2").contains("G8", "B2");
    }

    @Test
    void anExampleThatNoLongerScoresAsExpectedIsNamed() {
        // raising the MQL minimum engagement to 30 drops the webinar example from MQL
        List<BuildProblem> problems = refused(ModelEdits.of(SALES)
                .cell("thresholds.drl.xlsx", "Thresholds", "C11", 30));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(RuleFiles.EXAMPLES);
            assertThat(p.message()).contains("Director at a 60-person tech company", "stage expected MQL but is NONE");
        });
    }

    @Test
    void aBrokenExamplesFileIsNamedWithItsLine() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).text(RuleFiles.EXAMPLES, "expect: {band: WARM", "expect: {bnad: WARM"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(RuleFiles.EXAMPLES);
            assertThat(p.line()).isNotNull();
            assertThat(p.message()).contains("bnad");
        });
    }

    private static int lineOf(String model, String file, String text) {
        String s = new String(ModelEdits.of(model).files.get(file), StandardCharsets.UTF_8);
        int at = s.indexOf(text);
        return (int) s.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static byte[] zip(String entry, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

}
