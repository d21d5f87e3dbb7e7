package dev.leadscore.scoring.baseline;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.rules.RulesetBuilder;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;

/**
 * Building a default model from its files (decision tables to DRL, compile, KIE base) and
 * validating it by scoring a blank lead, as a publish does before the swap. Each call is one
 * complete build, so this runs in single-shot mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class RulesetBuildBenchmark {

    @Param({ "sales-led", "product-led" })
    public String model;

    private final ScoringEngine engine = new ScoringEngine();
    private final RulesetBuilder builder = new RulesetBuilder(Clock.systemUTC());
    private RuleFiles files;

    @Setup
    public void readFiles() throws Exception {
        EngineBenchmark.logAsTheServiceDoes();
        files = RuleFiles.read(Path.of("rules", model));
    }

    @Benchmark
    public ScoreResult buildAndValidate() throws Exception {
        return engine.score(builder.build(model, files), new Lead(null, null, null, null, null, null, null, null, null, null),
                List.of(), Instant.EPOCH);
    }
}
