package dev.leadscore.rules;

import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.RuleFiles;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.leadscore.scoring.table.TableRow;

/**
 * Every shipped table, opened and saved again by another editor without changes (openpyxl, the
 * library pandas writes with, and LibreOffice), builds into the same rules. On CI both tools are
 * installed by .ci/run; a developer machine without them skips the test.
 */
class TablesFromOtherEditorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"sales-led", "product-led"})
    void theShippedTablesResavedByOpenpyxlBuildUnchanged(String model) throws Exception {
        String python = python();
        Path out = Files.createTempDirectory("resaved-openpyxl-");
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules", model)).files());
        for (String name : List.copyOf(files.keySet())) {
            if (name.endsWith(RuleFiles.TABLE)) {
                Path target = out.resolve(name);
                run(python, script("resave.py"), Path.of("rules", model, name).toString(), target.toString());
                assertThat(Files.readAllBytes(target)).isNotEqualTo(files.get(name)); // a different file...
                files.put(name, Files.readAllBytes(target));
            }
        }
        assertSameRules(model, files); // ...the same rules
    }

    @ParameterizedTest
    @ValueSource(strings = {"sales-led", "product-led"})
    void theShippedTablesResavedByLibreOfficeBuildUnchanged(String model) throws Exception {
        tool("soffice", "--version");
        Path out = Files.createTempDirectory("resaved-libreoffice-");
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules", model)).files());
        List<String> command = new ArrayList<>(List.of("soffice", "--headless", "-env:UserInstallation=file://" + out.resolve("profile"),
                "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out.toString()));
        files.keySet().stream().filter(n -> n.endsWith(RuleFiles.TABLE)).forEach(n -> command.add(Path.of("rules", model, n).toString()));
        run(command.toArray(String[]::new));
        for (String name : List.copyOf(files.keySet())) {
            if (name.endsWith(RuleFiles.TABLE)) {
                files.put(name, Files.readAllBytes(out.resolve(name)));
            }
        }
        assertSameRules(model, files);
    }

    private static void assertSameRules(String model, Map<String, byte[]> resaved) throws RulesetBuildException {
        RulesetBuilder builder = new RulesetBuilder(Clock.systemUTC());
        Ruleset original = builder.build(model, RuleFiles.read(Path.of("rules", model)));
        Ruleset other = builder.build(model, RuleFiles.of(resaved));
        assertThat(other.tables().rows()).extracting(TableRow::getName, TableRow::getSource, TableRow::describe)
                .isEqualTo(original.tables().rows().stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.getName(),
                        r.getSource(), r.describe())).toList());
        assertThat(other.tables().getBands()).isEqualTo(original.tables().getBands());
        assertThat(other.tables().getSettings()).extracting(s -> s.getName() + "=" + s.getValue())
                .isEqualTo(original.tables().getSettings().stream().map(s -> s.getName() + "=" + s.getValue()).toList());
    }

    static String script(String name) throws IOException {
        Path p = Files.createTempFile("leadscore-", ".py");
        try (var in = TablesFromOtherEditorsTest.class.getResourceAsStream(name)) {
            Files.write(p, in.readAllBytes());
        }
        return p.toString();
    }

    /** A Python that has openpyxl (the one on the PATH, else Debian's); skips without one, except on CI. */
    static String python() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            if (works(candidate, "-c", "import openpyxl")) {
                return candidate;
            }
        }
        tool("python3", "-c", "import openpyxl");
        return "python3";
    }

    private static boolean works(String... probe) {
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Skips the test where the tool is missing, except on CI (.ci/run installs it). */
    static void tool(String... probe) {
        boolean there = works(probe);
        if (!there && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(probe[0] + " is missing on CI: .ci/run must install it");
        }
        Assumptions.assumeTrue(there, probe[0] + " is not installed");
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s timed out", command[0]).isTrue();
        assertThat(p.exitValue()).as("%s failed: %s", String.join(" ", command), output).isZero();
        return output;
    }
}
