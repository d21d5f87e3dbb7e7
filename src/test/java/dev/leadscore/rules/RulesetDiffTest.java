package dev.leadscore.rules;

import dev.leadscore.scoring.RuleFiles;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.leadscore.rules.RulesetDiff.Kind;

/** The diff names what Marketing Ops changed, row by row and cell by cell. */
class RulesetDiffTest {
    private static final String ENGAGEMENT = "engagement.xlsx";

    @Test
    void aChangedPointValueIsNamedByRuleColumnAndCell() {
        ModelEdits before = ModelEdits.of("sales-led");
        ModelEdits after = ModelEdits.of("sales-led").cell(ENGAGEMENT, "Engagement", "F5", 60);

        RulesetDiff diff = RulesetDiff.between("sales-led", before.files(), after.files());

        assertThat(diff.fromVersion()).isEqualTo(before.files().version());
        assertThat(diff.toVersion()).isEqualTo(after.files().version());
        assertThat(diff.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.RULE_CHANGED);
            assertThat(c.rule()).isEqualTo("Demo request");
            assertThat(c.sheet()).isEqualTo("Engagement");
            assertThat(c.cells()).singleElement().isEqualTo(
                    new RulesetDiff.CellChange("Points", "F5", "F5", "50", "60"));
        });
        assertThat(diff.render()).contains("~ rule 'Demo request'", "Points F5: '50' -> '60'");
    }

    @Test
    void rowsAreMatchedByNameSoAddedRemovedAndMovedRowsReadAsSuch() {
        ModelEdits after = ModelEdits.of("sales-led").workbook(ENGAGEMENT, wb -> {
            var sheet = wb.getSheet("Engagement");
            // "Email open" (row 15) is replaced by a new rule; "Blog visit" gets a new reason
            ModelEdits.set(sheet, "A15", "Trial signup");
            ModelEdits.set(sheet, "B15", "trial_started");
            ModelEdits.set(sheet, "F15", 30);
            ModelEdits.set(sheet, "G15", "Started a trial");
            ModelEdits.set(sheet, "H15", "high");
            ModelEdits.set(sheet, "G12", "Read the blog a lot");
        });

        RulesetDiff diff = RulesetDiff.between("sales-led", ModelEdits.of("sales-led").files(), after.files());

        assertThat(diff.changes()).extracting(RulesetDiff.Change::kind, RulesetDiff.Change::rule)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Kind.RULE_CHANGED, "Blog visit"),
                        org.assertj.core.groups.Tuple.tuple(Kind.RULE_REMOVED, "Email open"),
                        org.assertj.core.groups.Tuple.tuple(Kind.RULE_ADDED, "Trial signup"));
    }

    @Test
    void aChangedColumnHeaderIsAColumnChange() {
        ModelEdits after = ModelEdits.of("sales-led").cell(ENGAGEMENT, "Engagement", "E4", "Page path contains any of");

        RulesetDiff diff = RulesetDiff.between("sales-led", ModelEdits.of("sales-led").files(), after.files());

        assertThat(diff.changes()).filteredOn(c -> c.kind() == Kind.COLUMN_CHANGED)
                .extracting(RulesetDiff.Change::rule)
                .containsExactlyInAnyOrder("Page path starts with any of", "Page path contains any of");
        assertThat(diff.changes()).noneMatch(RulesetDiff.Change::code);
    }

    @Test
    void aChangedDrlRuleComesWithItsTextDiff() {
        ModelEdits after = ModelEdits.of("sales-led").text("scoring.drl", "int raw = $fit + $engagement;",
                "int raw = $fit + 2 * $engagement;");

        RulesetDiff diff = RulesetDiff.between("sales-led", ModelEdits.of("sales-led").files(), after.files());

        assertThat(diff.changes()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.RULE_CHANGED);
            assertThat(c.file()).isEqualTo("scoring.drl");
            assertThat(c.rule()).isEqualTo("Total score");
            assertThat(c.code()).isTrue();
            assertThat(c.textDiff()).contains("-    int raw = $fit + $engagement;", "+    int raw = $fit + 2 * $engagement;");
        });
    }

    @Test
    void addedRemovedAndOtherChangedFilesAreListed() {
        ModelEdits after = ModelEdits.of("sales-led").remove("negative.xlsx")
                .put("extra.drl", "package rules.salesled;\n".getBytes())
                .text(RuleFiles.EXAMPLES, "# Example leads", "# The example leads");

        RulesetDiff diff = RulesetDiff.between("sales-led", ModelEdits.of("sales-led").files(), after.files());

        assertThat(diff.changes()).extracting(RulesetDiff.Change::kind, RulesetDiff.Change::file)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.FILE_CHANGED, RuleFiles.EXAMPLES),
                        org.assertj.core.groups.Tuple.tuple(Kind.FILE_ADDED, "extra.drl"),
                        org.assertj.core.groups.Tuple.tuple(Kind.FILE_REMOVED, "negative.xlsx"));
        assertThat(diff.changes().get(0).textDiff()).contains("+# The example leads");
    }
}
