package dev.leadscore.rules;

import dev.leadscore.scoring.RuleFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.leadscore.rules.tables.TableCompiler;
import dev.leadscore.rules.tables.TableGrid;
import dev.leadscore.rules.tables.TableReader;
import dev.leadscore.scoring.table.BandRow;
import dev.leadscore.scoring.table.TableRow;

/**
 * A version of a model as text for review: its tables read as rules, then the DRL compiled for
 * it. Reading only: nothing is compiled or run to show a stored version.
 */
final class RulesetView {

    private RulesetView() {
    }

    static String render(String model, String version, RuleFiles files) {
        StringBuilder s = new StringBuilder("// Model " + model + ", version " + version + "\n");
        List<TableGrid> grids = new ArrayList<>();
        List<BuildProblem> problems = new ArrayList<>();
        TableReader reader = new TableReader(RulesetLimits.DEFAULTS);
        for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
            if (f.getKey().endsWith(RuleFiles.TABLE)) {
                grids.addAll(reader.read(f.getKey(), f.getValue(), problems));
            }
        }
        TableCompiler.Compiled tables = TableCompiler.compile(grids, problems);
        s.append("\n// ===== Tables (data: read by the product, never compiled) =====\n");
        for (TableRow row : tables.tables().rows()) {
            s.append("// ").append(row.getName()).append(" [").append(row.getSource()).append("]: ")
                    .append(row.describe()).append('\n');
        }
        for (BandRow band : tables.tables().getBands()) {
            s.append("// band ").append(band.band()).append(": total ").append((int) band.from()).append("..")
                    .append((int) band.upTo()).append(" [").append(band.source()).append("]\n");
        }
        tables.tables().getSettings().forEach(x -> s.append("// setting ").append(x).append('\n'));
        problems.forEach(p -> s.append("// problem: ").append(p).append('\n'));
        s.append("\n// ===== ").append(RulesetBuilder.TABLE_RULES).append(" (the product's table rules) =====\n");
        s.append(RulesetBuilder.tableRules());
        for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
            if (f.getKey().endsWith(RuleFiles.DRL)) {
                s.append("\n// ===== ").append(f.getKey()).append(" (code) =====\n")
                        .append(new String(f.getValue(), StandardCharsets.UTF_8));
            }
        }
        return s.toString();
    }
}
