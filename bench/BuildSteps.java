import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.leadscore.rules.BuildProblem;
import dev.leadscore.rules.CompiledModules;
import dev.leadscore.rules.RulesetBuilder;
import dev.leadscore.rules.RulesetLimits;
import dev.leadscore.rules.WorkbookGuard;
import dev.leadscore.rules.tables.TableReader;
import dev.leadscore.scoring.RuleFiles;

/**
 * The steps of building the two default models as at start-up, in this fresh JVM, without the
 * framework: check the workbooks, read their tables, then the whole build (which reads them again,
 * warm, and compiles or loads the kept module, then scores the example leads). Modules are kept
 * in a folder between runs: the first run (or "compile") compiles and keeps, "kept" loads them.
 *
 * Usage: bench/build-steps.sh [compile|kept]
 */
public class BuildSteps {
    public static void main(String[] args) throws Exception {
        boolean keptMode = args.length > 0 && args[0].equals("kept");
        Path dir = Path.of(args.length > 1 ? args[1] : "target/bench/kept-modules");
        Files.createDirectories(dir);
        CompiledModules modules = keptMode ? folder(dir) : new CompiledModules() {
            @Override public Optional<Kept> find(String key) { return Optional.empty(); }
            @Override public void keep(String key, Kept module) { folder(dir).keep(key, module); }
            @Override public void forget(String key) { }
        };
        RulesetBuilder builder = new RulesetBuilder(Clock.systemUTC(), RulesetLimits.DEFAULTS, modules);
        long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf("JVM start to main: %d ms%n", System.currentTimeMillis() - jvm);
        long all = System.nanoTime();
        for (String model : List.of("product-led", "sales-led")) {
            RuleFiles files = RuleFiles.read(Path.of("rules", model));
            long t0 = System.nanoTime();
            WorkbookGuard guard = new WorkbookGuard(RulesetLimits.DEFAULTS);
            for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
                if (f.getKey().endsWith(RuleFiles.TABLE) && guard.refuse(f.getValue()) != null) {
                    throw new IllegalStateException(f.getKey());
                }
            }
            long t1 = System.nanoTime();
            List<BuildProblem> problems = new ArrayList<>();
            int grids = 0;
            TableReader reader = new TableReader(RulesetLimits.DEFAULTS);
            for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
                if (f.getKey().endsWith(RuleFiles.TABLE)) {
                    grids += reader.read(f.getKey(), f.getValue(), problems).size();
                }
            }
            long t2 = System.nanoTime();
            builder.build(model, files);
            long t3 = System.nanoTime();
            System.out.printf("%-12s check workbooks %6.0f ms | read %d tables %6.0f ms | whole build (%s) %6.0f ms%n",
                    model, (t1 - t0) / 1e6, grids, (t2 - t1) / 1e6, keptMode ? "kept module" : "compiling", (t3 - t2) / 1e6);
        }
        System.out.printf("both models: %.0f ms%n", (System.nanoTime() - all) / 1e6);
        System.exit(0);
    }

    static CompiledModules folder(Path dir) {
        return new CompiledModules() {
            @Override
            public Optional<Kept> find(String key) {
                try {
                    Path jar = dir.resolve(key + ".jar");
                    return Files.exists(jar) ? Optional.of(new Kept(Files.readAllBytes(jar),
                            Files.readString(dir.resolve(key + ".fingerprint")))) : Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void keep(String key, Kept module) {
                try {
                    Files.write(dir.resolve(key + ".jar"), module.module());
                    Files.writeString(dir.resolve(key + ".fingerprint"), module.productFingerprint());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void forget(String key) {
            }
        };
    }
}
