package dev.leadscore.rules;

import static dev.leadscore.rules.RulesetValidationTest.SALES;
import static dev.leadscore.rules.RulesetValidationTest.build;
import static dev.leadscore.rules.RulesetValidationTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.junit.jupiter.api.Test;

import dev.leadscore.scoring.ModelSetting;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.scoring.TestLeads;

/**
 * Every setting a model reads is declared once in the settings catalogue ({@link ModelSetting}):
 * a misspelt name, in the DRL or in the Settings table, refuses the build naming where it is
 * written, instead of leaving a rule that silently never fires.
 */
class SettingsCatalogueTest {
    private static final String DRL = "scoring.drl";

    @Test
    void aMisspeltSettingInTheDrlIsRefusedNamingTheFileTheLineAndTheLikelyName() throws Exception {
        String read = "setting(\"MQL minimum engagement\"";
        int line = lineOf(Files.readString(Path.of("rules", SALES, DRL)), read);

        List<BuildProblem> problems = refused(ModelEdits.of(SALES)
                .text(DRL, read, "setting(\"MQL minimum engagment\""));

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(DRL);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).isEqualTo("the setting 'MQL minimum engagment' is not in the settings catalogue"
                    + " (docs/scoring-model.md lists the settings)");
        });
    }

    @Test
    void theSameMisspellingInTheTableAndTheDrlIsRefusedInBoth() {
        // before the catalogue, a table and a DRL that agreed on a wrong name built and scored
        List<BuildProblem> problems = refused(ModelEdits.of(SALES)
                .text(DRL, "\"Low-intent cap\"", "\"Low intent cap\"")
                .workbook("thresholds.xlsx", wb -> nameCell(wb.getSheet("Settings"), "Low-intent cap")
                        .setCellValue("Low intent cap")));

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(DRL);
            assertThat(p.message()).contains("'Low intent cap' is not in the settings catalogue (did you mean 'Low-intent cap'?)");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("thresholds.xlsx");
            assertThat(p.sheet()).isEqualTo("Settings");
            assertThat(p.message()).contains("unknown setting 'Low intent cap': not in the settings catalogue");
        });
    }

    @Test
    void aSettingReadOtherwiseThanByItsNameIsRefused() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).text(DRL,
                "$ctx.setting(\"Low-intent cap\")", "$ctx.setting(\"Low-intent \" + \"cap\")"));
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(DRL);
            assertThat(p.message()).startsWith("a setting is read by its exact name");
        });
    }

    @Test
    void rulesWrittenForSettingFactsAreCheckedTheSameWayAndStillScore() throws Exception {
        // versions published before settings were read from the ScoringContext match Setting facts
        String factRead = "rule \"Low-intent cap applied\"\n    salience -30\nwhen\n";
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).text(DRL, factRead,
                factRead + "    Setting(name == \"Low intent cap\", $cap : value)\n"));
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(DRL);
            assertThat(p.line()).isEqualTo(lineOf(Files.readString(Path.of("rules", SALES, DRL)), factRead) + 3);
            assertThat(p.message()).contains("'Low intent cap' is not in the settings catalogue (did you mean 'Low-intent cap'?)");
        });

        Ruleset asFacts = build(ModelEdits.of(SALES)
                .text(DRL, factRead, factRead + "    Setting(name == \"Low-intent cap\", $cap : value)\n")
                .text(DRL, "double cap = $ctx.setting(\"Low-intent cap\");", "double cap = $cap;"));
        Ruleset shipped = build(ModelEdits.of(SALES));
        TestLeads blogReader = TestLeads.lead().times(50, "page_view", 1, "path", "/blog/post");
        ScoreResult fromFacts = new ScoringEngine().score(asFacts, blogReader.build(), blogReader.events(), TestLeads.NOW);
        ScoreResult fromContext = new ScoringEngine().score(shipped, blogReader.build(), blogReader.events(), TestLeads.NOW);
        assertThat(fromFacts.adjustments()).anySatisfy(a -> assertThat(a.points()).isEqualTo(-240));
        assertThat(fromFacts.engagement()).isEqualTo(fromContext.engagement()).isEqualTo(10);
    }

    @Test
    void aSettingValueOfTheWrongKindIsRefusedAtItsCell() {
        List<BuildProblem> problems = refused(ModelEdits.of(SALES).workbook("thresholds.xlsx", wb -> {
            Row row = nameCell(wb.getSheet("Settings"), "Decay period days").getRow();
            row.getCell(1).setCellValue(-30);
        }));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.sheet()).isEqualTo("Settings");
            assertThat(p.message()).isEqualTo("the setting 'Decay period days' is in days: must be a whole number, 0 or more (is -30.0)");
        });
    }

    @Test
    void theShippedModelsSetOnlyDeclaredSettingsOfTheirKind() throws Exception {
        for (String model : List.of(SALES, "product-led")) {
            build(ModelEdits.of(model)).tables().getSettings().forEach(s -> {
                assertThat(ModelSetting.named(s.getName())).as(s.getName()).isPresent();
                assertThat(ModelSetting.named(s.getName()).get().unit().refusal(s.getValue())).as(s.getName()).isNull();
            });
        }
    }

    private static Cell nameCell(org.apache.poi.ss.usermodel.Sheet sheet, String name) {
        for (Row row : sheet) {
            Cell first = row.getCell(0);
            if (first != null && first.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
                    && first.getStringCellValue().equals(name)) {
                return first;
            }
        }
        throw new IllegalArgumentException("no setting row " + name);
    }

    private static int lineOf(String text, String part) {
        String before = text.substring(0, text.indexOf(part));
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }
}
