package dev.leadscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leadscore.rules.RulesetLimits;
import dev.leadscore.rules.tables.TableGrid;
import dev.leadscore.rules.tables.TableReader;
import dev.leadscore.rules.tables.TableWriter;

/**
 * A proposal from an export whose ground truth is known (20 fields, 5 informative): it must
 * pick the informative fields and nothing else, rank held-out leads as well as the black-box
 * baseline (within 0.01 AUC), and keep to the row limit and the qualified share.
 */
class ProposerTest {
    static final int LEADS = 6000;

    @TempDir
    static Path dir;
    static Proposal proposal;

    static String printed;

    /** One run of the command, as a RevOps analyst types it. */
    @BeforeAll
    static void propose() throws java.io.IOException {
        new ProposalHistory(dir, 11, LEADS);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = BacktestCommand.run(new String[] {"backtest", "--propose", dir.resolve("draft").toString(), "--model",
                "sales-led", "--leads", dir.resolve("leads.csv").toString(), "--mapping",
                dir.resolve("mapping.yaml").toString()}, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isZero();
        proposal = BacktestCommand.JSON.readValue(dir.resolve("draft").resolve("proposal.json").toFile(), Proposal.class);
    }

    @Test
    void oneRunPrintsTheTableAndTheBaselineSideBySide() {
        Proposal.Evaluation e = proposal.evaluation();
        assertThat(printed).contains(String.format(java.util.Locale.ROOT, "AUC %.3f", e.proposal().auc()),
                String.format(java.util.Locale.ROOT, "AUC %.3f", e.baseline().auc()), "proposed table",
                "logistic regression on all " + e.candidates() + " candidates");
    }

    @Test
    void picksTheInformativeFieldsAndOnlyThem() {
        Set<String> fields = proposal.criteria().stream().map(Proposal.Criterion::field).collect(Collectors.toSet());
        assertThat(fields).as(proposal.criteria().toString()).containsExactlyInAnyOrderElementsOf(ProposalHistory.INFORMATIVE);
        assertThat(proposal.criteria()).hasSizeLessThanOrEqualTo(15);
    }

    @Test
    void heldOutAucIsWithinAHundredthOfTheBaseline() {
        Proposal.Evaluation e = proposal.evaluation();
        assertThat(e.folds()).isEqualTo(5);
        assertThat(e.proposal().foldAuc()).hasSize(5);
        assertThat(e.proposal().auc()).isGreaterThan(0.7);
        assertThat(e.proposal().auc()).isCloseTo(e.baseline().auc(), within(0.01));
        assertThat(e.baseline().meanRows()).isGreaterThan(50);
    }

    @Test
    void pointsFollowTheSignsOfTheTruthAndEvidenceIsCounted() {
        for (Proposal.Criterion c : proposal.criteria()) {
            Proposal.Evidence ev = c.evidence();
            assertThat(ev.leads()).isPositive().isLessThan(LEADS);
            assertThat(ev.rate()).isCloseTo((double) ev.converted() / ev.leads(), within(1e-12));
            if (c.points() > 0) {
                assertThat(ev.lift()).as(c.name()).isGreaterThan(1);
            } else {
                assertThat(ev.lift()).as(c.name()).isLessThan(1);
            }
            assertThat(ev.liftLow()).isLessThanOrEqualTo(ev.lift());
            assertThat(ev.liftHigh()).isGreaterThanOrEqualTo(ev.lift());
        }
        assertThat(proposal.criteria()).anySatisfy(c -> {
            assertThat(c.field()).isEqualTo("CRM field plan");
            assertThat(c.values()).containsExactly("free");
            assertThat(c.points()).isNegative();
        });
    }

    @Test
    void everyFieldIsProfiledWithEmptyAsItsOwnValue() {
        assertThat(proposal.profile()).hasSize(20);
        assertThat(proposal.profile()).allSatisfy(p -> assertThat(p.values()).last()
                .satisfies(v -> assertThat(v.value()).isEqualTo("(empty)")));
        Proposal.FieldProfile region = proposal.profile().stream().filter(p -> p.field().equals("CRM field region"))
                .findFirst().orElseThrow();
        long total = region.values().stream().mapToLong(Proposal.ValueCount::leads).sum();
        assertThat(total).isEqualTo(LEADS);
        assertThat(region.values().get(region.values().size() - 1).leads()).isBetween(700L, 1100L);
    }

    /** Value groups are the model's own: the draft keeps those that share a workbook with the tables it replaces. */
    @Test
    void theDraftKeepsTheModelsValueGroups() {
        TableWriter.Table groups = new TableWriter.Table("Groups", "Value groups", null, List.of("Field", "Group", "Values"),
                List.of(List.of("CRM field plan", "paid", "team, business")));
        TableWriter.Table negatives = new TableWriter.Table("Profile negatives", "Profile negatives", null,
                List.of("Rule", "Industry is any of", "Points", "Disqualifies"),
                List.of(new java.util.ArrayList<>(java.util.Arrays.asList("Competitor", "Lead scoring", -50, "yes")),
                        new java.util.ArrayList<>(java.util.Arrays.asList("Retail", "Retail", -10, null))));
        TableWriter.Table fit = new TableWriter.Table("Fit", "Fit", null, List.of("Rule", "Industry is any of", "Points"),
                List.of(List.of("Software", "Software", 10)));
        Map<String, byte[]> model = new java.util.TreeMap<>(Map.of(
                "fit.xlsx", TableWriter.write(List.of(fit, groups)),
                "negative.xlsx", TableWriter.write(List.of(negatives, new TableWriter.Table("Occupations", "Value groups",
                        null, List.of("Field", "Group", "Values"), List.of(List.of("Title", "chief", "CEO, CTO")))))));
        Map<String, byte[]> draft = ProposalDraft.files(proposal, model);
        TableReader reader = new TableReader(RulesetLimits.DEFAULTS);
        List<TableGrid> fitTables = reader.read("fit.xlsx", draft.get("fit.xlsx"), new java.util.ArrayList<>());
        assertThat(fitTables).extracting(TableGrid::kind).containsExactly("Fit", "Value groups");
        assertThat(fitTables.get(0).rows()).hasSize(proposal.criteria().stream().filter(c -> c.table().equals("Fit")).toList().size());
        assertThat(fitTables.get(1).rows()).singleElement().satisfies(r -> assertThat(r.get(2).text()).isEqualTo("team, business"));
        List<TableGrid> negativeTables = reader.read("negative.xlsx", draft.get("negative.xlsx"), new java.util.ArrayList<>());
        assertThat(negativeTables).extracting(TableGrid::kind).containsExactly("Profile negatives", "Value groups");
        assertThat(negativeTables.get(0).rows()).singleElement().satisfies(r -> assertThat(r.get(0).text()).isEqualTo("Competitor"));
        assertThat(negativeTables.get(1).rows()).singleElement().satisfies(r -> assertThat(r.get(1).text()).isEqualTo("chief"));
    }

    /** The draft folder is a model that builds, and backtesting it on the same export ranks as the proposal said. */
    @Test
    void theDraftBuildsAndBacktestsAsAModel() throws java.io.IOException {
        Path draft = dir.resolve("draft");
        assertThat(draft.resolve("fit.xlsx")).exists();
        assertThat(draft.resolve("scoring.drl")).exists();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = BacktestCommand.run(new String[] {"backtest", "--model", "sales-led", "--against-draft",
                draft.toString(), "--leads", dir.resolve("leads.csv").toString(), "--mapping",
                dir.resolve("mapping.yaml").toString(), "--out", dir.resolve("check/report.html").toString()},
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isZero();
        com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("check/report.json").toFile());
        double draftAuc = report.at("/draft/auc/value").asDouble();
        // scored by the engine from the written tables, in-sample: at least the held-out figure, give or take
        assertThat(draftAuc).isCloseTo(proposal.evaluation().proposal().auc(), within(0.02));
        assertThat(draftAuc).isGreaterThan(report.at("/active/auc/value").asDouble());
        double qualified = report.at("/draft/qualified/shareQualified").asDouble();
        assertThat(qualified).isCloseTo(proposal.qualifiedShare(), within(0.08));
    }
}
