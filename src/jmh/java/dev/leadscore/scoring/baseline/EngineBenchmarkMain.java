package dev.leadscore.scoring.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the engine benchmarks with the GC profiler and prints, from the same run: mean, p99 and
 * allocation per score, the Drools / hand-written ratio, whether the targets are met, and the
 * build time of each default model. Extra arguments are JMH options (e.g. {@code -wi 1 -i 2}).
 */
public final class EngineBenchmarkMain {
    /** Target: each default model scores a 50-event lead within this many times the hand-written scorer. */
    private static final double TARGET_RATIO = 10;
    /** Target: each event added (10 to 200 events) costs at most this many times what it costs the hand-written scorer. */
    private static final double TARGET_SLOPE_RATIO = 5;

    private record Row(String benchmark, String param, double mean, double p50, double p99, double allocBytes, String unit) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Options options = new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(EngineBenchmark.class.getName() + "\\.")
                .include(RulesetBuildBenchmark.class.getName() + "\\.")
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve("engine-jmh.json").toString())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        String report = report(results.stream().map(EngineBenchmarkMain::row).toList());
        System.out.println(report);
        Files.writeString(out.resolve("engine-summary.txt"), report);
    }

    private static Row row(RunResult r) {
        String name = r.getParams().getBenchmark();
        String param = r.getParams().getParam("events") != null ? r.getParams().getParam("events") : r.getParams().getParam("model");
        Result<?> primary = r.getPrimaryResult();
        Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        return new Row(name.substring(name.lastIndexOf('.') + 1), param, primary.getScore(),
                primary.getStatistics().getPercentile(50), primary.getStatistics().getPercentile(99), alloc == null ? Double.NaN : alloc.getScore(),
                primary.getScoreUnit());
    }

    static String report(List<Row> rows) {
        StringBuilder s = new StringBuilder();
        s.append("\n==== Engine benchmark: one lead scored (").append(machine()).append(") ====\n");
        s.append(String.format(Locale.ROOT, "%-22s %7s %11s %11s %11s %14s %20s%n", "benchmark", "events", "mean us",
                "p50 us", "p99 us", "alloc B/score", "x hand-written mean/p50"));
        Map<String, Row> hand = rows.stream().filter(r -> r.benchmark().equals("handWrittenSalesLed"))
                .collect(Collectors.toMap(Row::param, r -> r));
        List<Row> scoring = rows.stream().filter(r -> !r.benchmark().equals("buildAndValidate"))
                .sorted(Comparator.comparing((Row r) -> Integer.parseInt(r.param())).thenComparing(Row::benchmark))
                .toList();
        for (Row r : scoring) {
            Row baseline = hand.get(r.param());
            String ratio = r.benchmark().startsWith("drools") && baseline != null
                    ? String.format(Locale.ROOT, "%.1fx / %.1fx", r.mean() / baseline.mean(), r.p50() / baseline.p50())
                    : r.benchmark().equals("handWrittenSalesLed") ? "baseline" : "-";
            s.append(String.format(Locale.ROOT, "%-22s %7s %11.2f %11.2f %11.2f %14.0f %20s%n", r.benchmark(), r.param(),
                    r.mean(), r.p50(), r.p99(), r.allocBytes(), ratio));
        }
        s.append(String.format(Locale.ROOT, "%nTargets: at 50 events <= %.0fx the hand-written scorer (mean and median); "
                + "per-event cost from 10 to 200 events <= %.0fx the hand-written one%n", TARGET_RATIO, TARGET_SLOPE_RATIO));
        for (String model : List.of("droolsSalesLed", "droolsProductLed")) {
            Map<String, Row> m = scoring.stream().filter(r -> r.benchmark().equals(model))
                    .collect(Collectors.toMap(Row::param, r -> r));
            Row r50 = m.get("50");
            Row h50 = hand.get("50");
            if (r50 != null && h50 != null) {
                double mean = r50.mean() / h50.mean();
                double median = r50.p50() / h50.p50();
                s.append(String.format(Locale.ROOT, "  %-17s 50 events: %.1fx mean, %.1fx median: %s%n", model, mean, median,
                        verdict(Math.max(mean, median), TARGET_RATIO)));
            }
            if (m.containsKey("10") && m.containsKey("200") && hand.containsKey("10") && hand.containsKey("200")) {
                double slope = (m.get("200").p50() - m.get("10").p50()) / 190;
                double handSlope = (hand.get("200").p50() - hand.get("10").p50()) / 190;
                double slopeMean = (m.get("200").mean() - m.get("10").mean()) / 190;
                double handSlopeMean = (hand.get("200").mean() - hand.get("10").mean()) / 190;
                s.append(String.format(Locale.ROOT, "  %-17s per event (medians): %.0f ns vs %.0f ns hand-written, %.1fx: %s"
                        + " (means: %.0f ns vs %.0f ns, %.1fx)%n", model, slope * 1000, handSlope * 1000, slope / handSlope,
                        verdict(slope / handSlope, TARGET_SLOPE_RATIO), slopeMean * 1000, handSlopeMean * 1000,
                        slopeMean / handSlopeMean));
            }
        }
        List<Row> builds = rows.stream().filter(r -> r.benchmark().equals("buildAndValidate")).toList();
        if (!builds.isEmpty()) {
            s.append("\nModel build + validate (decision tables -> DRL -> KIE base, score a blank lead), single shot:\n");
            for (Row r : builds) {
                s.append(String.format(Locale.ROOT, "  %-12s mean %8.0f %s, worst measured %8.0f %s, alloc %.0f MB%n",
                        r.param(), r.mean(), r.unit(), r.p99(), r.unit(), r.allocBytes() / 1e6));
            }
        }
        s.append("Raw JMH results: target/bench/engine-jmh.json\n");
        return s.toString();
    }

    private static String verdict(double ratio, double target) {
        return ratio <= target ? "MET" : String.format(Locale.ROOT, "MISSED by %.1fx", ratio / target);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the JVM line below still says what ran
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version");
    }
}
