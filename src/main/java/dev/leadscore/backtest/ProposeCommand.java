package dev.leadscore.backtest;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import dev.leadscore.api.CsvCells;

/**
 * {@code backtest --propose <folder> ...}: profiles the export, proposes a table and writes it
 * to the folder with its evidence, printing the held-out figures of the table and of the
 * black-box baseline side by side.
 */
final class ProposeCommand {
    private ProposeCommand() {
    }

    static int run(Map<String, String> opts, Path modelFolder, Mapping mapping, Backtest.Source leads,
            Backtest.Source events, LeadReader.FileOpener joins, PrintStream out, PrintStream err, Clock clock) throws IOException {
        Proposer.Options defaults = Proposer.Options.defaults();
        Proposer.Options options;
        try {
            int rows = Integer.parseInt(opts.getOrDefault("--rows", String.valueOf(defaults.maxRows())));
            double share = Double.parseDouble(opts.getOrDefault("--qualified-share", String.valueOf(defaults.qualifiedShare())));
            int folds = Integer.parseInt(opts.getOrDefault("--folds", String.valueOf(defaults.folds())));
            if (rows < 1 || rows > 200 || share <= 0 || share >= 1 || folds < 2 || folds > 20) {
                throw new NumberFormatException();
            }
            String model = modelFolder.getFileName().toString();
            options = new Proposer.Options(rows, share, folds,
                    model.toLowerCase(Locale.ROOT).contains("product") ? "PQL" : "MQL", false);
        } catch (NumberFormatException e) {
            err.println("--rows takes 1 to 200, --qualified-share a fraction between 0 and 1 (0.2 for the top 20%),"
                    + " --folds 2 to 20");
            return 2;
        }
        Path folder = Path.of(opts.get("--propose"));
        Files.createDirectories(folder);
        ExportProfile profile = ExportProfile.read(mapping, leads, events, joins, clock.instant());
        if (profile.leads == 0) {
            err.println(leads.name() + ": no lead with an outcome could be read");
            return 2;
        }
        Proposal p = Proposer.propose(modelFolder.getFileName().toString(), profile, options);
        Map<String, byte[]> model = new java.util.TreeMap<>();
        try (var files = Files.list(modelFolder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                model.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        for (Map.Entry<String, byte[]> f : ProposalDraft.files(p, model).entrySet()) {
            Files.write(folder.resolve(f.getKey()), f.getValue());
        }
        BacktestCommand.JSON.writeValue(folder.resolve("proposal.json").toFile(), p);
        Files.writeString(folder.resolve("proposal.criteria.csv"), criteriaCsv(p), StandardCharsets.UTF_8);
        print(p, out);
        out.println("draft of the model: " + folder + " (edit it, backtest it with --against-draft, upload it as a draft;"
                + " examples.yaml is left out: its expectations describe the current tables)"
                + "\nproposal: " + folder.resolve("proposal.json") + "\ncriteria: " + folder.resolve("proposal.criteria.csv"));
        return 0;
    }

    static void print(Proposal p, PrintStream out) {
        out.printf(Locale.ROOT, "%d leads, %d converted (%s); %d candidate criteria from %d fields%n", p.leads(),
                p.converted(), Analysis.pct(p.conversionRate()), p.evaluation().candidates(), p.profile().size());
        Proposal.Evaluation e = p.evaluation();
        out.printf(Locale.ROOT, "held-out over %d folds (each fold scored by a model fitted on the others):%n", e.folds());
        for (Proposal.HeldOut h : new Proposal.HeldOut[] {e.proposal(), e.baseline()}) {
            out.printf(Locale.ROOT, "  %-48s AUC %.3f  top 25%% holds %s of converted (best possible %s)  top %s lift %.2fx%n",
                    h.what() + (h == e.proposal() ? String.format(Locale.ROOT, " (%.1f rows)", h.meanRows()) : ""),
                    h.auc(), Analysis.pct(h.topQuartileShare()), Analysis.pct(h.bestTopQuartileShare()),
                    Analysis.pct(p.qualifiedShare()), h.qualifiedLift());
        }
        out.printf(Locale.ROOT, "proposed table: base %d points, %s from %d points (%s of leads); 1 log-odds = %.1f points%n",
                p.basePoints(), p.qualifiedName(), p.threshold(), Analysis.pct(p.shareAtThreshold()), p.pointsPerLogOdds());
        for (Proposal.Criterion c : p.criteria()) {
            Proposal.Evidence ev = c.evidence();
            out.printf(Locale.ROOT, "  %+4d  %-50s %6d leads, converts %s, lift %s%n", c.points(), c.name(), ev.leads(),
                    Analysis.pct(ev.rate()), ev.lift() == null ? "n/a"
                            : String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", ev.lift(), ev.liftLow(), ev.liftHigh()));
        }
        p.warnings().forEach(w -> out.println("  WARNING " + w));
    }

    /** The criteria as a sheet to read or sort: one row each, with the evidence. */
    static String criteriaCsv(Proposal p) {
        StringWriter w = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader("table", "rule", "field", "operator",
                "values", "from", "below", "points", "reason shown to sales", "leads matched", "converted",
                "conversion", "lift", "lift 95% low", "lift 95% high").get())) {
            for (Proposal.Criterion c : p.criteria()) {
                Proposal.Evidence ev = c.evidence();
                csv.printRecord(CsvCells.safe(Arrays.asList(c.table(), c.name(), c.field(), c.operator(),
                        String.join(", ", c.values()), c.from(), c.below(), c.points(), c.reason(), ev.leads(),
                        ev.converted(), ev.rate(), ev.lift(), ev.liftLow(), ev.liftHigh())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
