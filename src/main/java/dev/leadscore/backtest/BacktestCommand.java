package dev.leadscore.backtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetBuildException;
import dev.leadscore.rules.RulesetBuilder;
import dev.leadscore.scoring.ScoringEngine;

/**
 * {@code backtest --model M --leads F --mapping F [--events F] [--against-draft D] --out report.html}:
 * scores a CRM export with a model's rules and writes the HTML report, its JSON and the per-lead
 * scores next to it. Runs without the service or a database.
 */
public final class BacktestCommand {
    static final String USAGE = """
            usage: backtest --model <name or folder> --leads <leads.csv> --mapping <mapping.yaml|json> --out <report.html>
                            [--events <events.csv>] [--against-draft <folder>] [--rules-dir <folder, default rules>]
                            [--scores <per-lead.csv>] [--json <report.json>]
                   backtest --propose <draft folder> --model <name or folder> --leads <leads.csv> --mapping <mapping>
                            [--events <events.csv>] [--rows <at most, default 15>] [--qualified-share <default 0.2>]
                            [--folds <default 5>]
              --model          a model folder under --rules-dir (sales-led, product-led) or a path to a model folder
              --against-draft  a folder with a draft version of the model's files, scored side by side
              --propose        fits a table to the export's outcomes and writes it to the folder as a draft of the
                               model, with proposal.json (evidence, held-out AUC against a black-box baseline)
              writes report.html, report.json, report.scores.csv (one line per lead) and report.suggestions.csv""";

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    static final List<String> OPTIONS = List.of("--model", "--leads", "--mapping", "--events", "--against-draft", "--out",
            "--rules-dir", "--scores", "--json", "--propose", "--rows", "--qualified-share", "--folds");

    private BacktestCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command; 0 when the report is written, 2 for bad arguments or input, 1 when a model does not build. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** The command's one clock is made here, outside the service; every step reads the time from it. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Clock.systemUTC());
    }

    /**
     * A one-off command runs without the service's logging set-up: without this, libraries log at
     * whatever level the bare log manager starts with (DEBUG and TRACE included).
     */
    static void quietLogging() {
        // the service's log manager, as the packaged application sets it, before anything logs
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.INFO);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(java.util.logging.Level.INFO);
        }
        java.util.logging.Logger.getLogger("org.drools").setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Logger.getLogger("org.kie").setLevel(java.util.logging.Level.WARNING);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        quietLogging();
        Map<String, String> opts = new HashMap<>();
        int start = args.length > 0 && "backtest".equals(args[0]) ? 1 : 0;
        for (int i = start; i < args.length; i++) {
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                err.println(("--help".equals(args[i]) ? "" : "unknown or incomplete option '" + args[i] + "'\n") + USAGE);
                return 2;
            }
            opts.put(args[i], args[++i]);
        }
        boolean propose = opts.containsKey("--propose");
        for (String required : propose ? List.of("--model", "--leads", "--mapping")
                : List.of("--model", "--leads", "--mapping", "--out")) {
            if (!opts.containsKey(required)) {
                err.println("missing " + required + "\n" + USAGE);
                return 2;
            }
        }
        for (String file : List.of("--leads", "--mapping", "--events")) {
            if (opts.containsKey(file) && !Files.isRegularFile(Path.of(opts.get(file)))) {
                err.println(file + " " + opts.get(file) + ": no such file");
                return 2;
            }
        }
        // a model name under the rules folder first, else a path to a model folder
        Path rulesDir = Path.of(opts.getOrDefault("--rules-dir", "rules"));
        Path modelFolder = rulesDir.resolve(opts.get("--model"));
        if (!Files.isDirectory(modelFolder)) {
            Path asPath = Path.of(opts.get("--model"));
            if (!Files.isDirectory(asPath)) {
                err.println("--model " + opts.get("--model") + ": no such model; looked for the folder "
                        + modelFolder.toAbsolutePath().normalize() + " (a model under --rules-dir " + rulesDir
                        + ") and " + asPath.toAbsolutePath().normalize() + " (a path to a model folder)");
                return 2;
            }
            modelFolder = asPath;
        }
        if (opts.containsKey("--against-draft") && !Files.isDirectory(Path.of(opts.get("--against-draft")))) {
            err.println("--against-draft " + Path.of(opts.get("--against-draft")).toAbsolutePath().normalize()
                    + ": no such draft folder");
            return 2;
        }
        try {
            Path mappingFile = Path.of(opts.get("--mapping"));
            Mapping mapping = Mapping.read(mappingFile);
            Path mappingDir = mappingFile.toAbsolutePath().getParent();
            LeadReader.FileOpener joins = name -> Files.newInputStream(mappingDir.resolve(name));
            Backtest.Source leads = Backtest.Source.of(Path.of(opts.get("--leads")));
            Backtest.Source events = opts.containsKey("--events") ? Backtest.Source.of(Path.of(opts.get("--events"))) : null;
            RulesetBuilder builder = new RulesetBuilder(clock);
            String model = modelFolder.getFileName().toString();
            Ruleset active = builder.build(model, RuleFiles.read(modelFolder));
            if (propose) {
                ModelVocabulary.require(mapping, mappingFile.getFileName().toString(), List.of(active.tables()));
                return ProposeCommand.run(opts, modelFolder, mapping, leads, events, joins, out, err, clock);
            }
            Path out1 = Path.of(opts.get("--out"));
            String stem = out1.getFileName().toString().replaceFirst("\\.html?$", "");
            Path dir = out1.toAbsolutePath().getParent();
            Path scores = Path.of(opts.getOrDefault("--scores", dir.resolve(stem + ".scores.csv").toString()));
            Path json = Path.of(opts.getOrDefault("--json", dir.resolve(stem + ".json").toString()));
            Path suggestions = dir.resolve(stem + ".suggestions.csv");
            // the output folders exist before hours of scoring, not after
            for (Path p : List.of(out1, scores, json)) {
                Files.createDirectories(p.toAbsolutePath().getParent());
            }
            Ruleset draft = opts.containsKey("--against-draft")
                    ? builder.build(model, RuleFiles.read(Path.of(opts.get("--against-draft")))) : null;
            ModelVocabulary.require(mapping, mappingFile.getFileName().toString(),
                    draft == null ? List.of(active.tables()) : List.of(active.tables(), draft.tables()));
            Backtest.Request request = new Backtest.Request(active, draft, mapping, mappingFile.getFileName().toString(),
                    leads, events, joins, scores, EventBuckets.DEFAULT_BYTES_PER_BUCKET);
            BacktestReport report = new Backtest(new ScoringEngine(), clock).run(request)
                    .withScoresLink(dir.relativize(scores.toAbsolutePath()).toString().replace('\\', '/'));
            Files.writeString(out1, HtmlReport.render(report), StandardCharsets.UTF_8);
            JSON.writeValue(json.toFile(), report);
            Files.writeString(suggestions, SuggestionSheet.csv(report.active()), StandardCharsets.UTF_8);
            summary(report, out);
            out.println("report: " + out1 + "\njson: " + json + "\nper-lead scores: " + scores + "\nsuggestions: " + suggestions);
            return 0;
        } catch (RulesetBuildException e) {
            err.println(e.getMessage());
            return 1;
        } catch (ImportException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("cannot write the report: " + e.getMessage());
            return 2;
        }
    }

    private static void summary(BacktestReport r, PrintStream out) {
        var i = r.imported();
        out.printf("rows %d, scored %d, left out %d %s, unreadable lead rows %d, event rows read %d, unreadable event rows %d%n",
                i.leadRows(), i.leadsScored(), i.leadRowsSkipped(), i.skippedByReason(), i.leadRowsUnreadable(),
                i.eventRowsRead(), i.eventRowsUnreadable());
        for (RowProblem p : i.problems().subList(0, Math.min(10, i.problems().size()))) {
            out.println("  " + p);
        }
        for (BacktestReport.ModelReport m : r.draft() == null ? List.of(r.active()) : List.of(r.active(), r.draft())) {
            out.printf(java.util.Locale.ROOT, "%s %s: %d leads, %d converted (%s); AUC %.3f [%.3f-%.3f]; top 25%% holds %s of converted; qualified lift %s%n",
                    m.model(), m.version(), m.leads(), m.converted(), Analysis.pct(m.conversionRate()), m.auc().value(),
                    m.auc().low(), m.auc().high(), Analysis.pct(m.topQuartile().convertedShare()),
                    m.qualified().lift() == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.2fx", m.qualified().lift()));
            for (BacktestReport.BandRow b : m.bands()) {
                out.printf("  %-11s %7d leads %6s converted  (%s)%n", b.band(), b.leads(), Analysis.pct(b.rate()), b.verdict());
            }
            m.flags().stream().filter(f -> "RED".equals(f.status())).forEach(f -> out.println("  RED " + f.check() + ": " + f.detail()));
        }
    }
}
