package dev.leadscore.scoring.baseline;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.rules.RulesetBuilder;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Company;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoringEngine;

/**
 * Scoring one lead with N events: the default models through Drools, and the hand-written
 * sales-led scorer as the baseline. Run through {@link EngineBenchmarkMain} ({@code bench/engine.sh}),
 * which adds the GC profiler and prints the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class EngineBenchmark {

    @Param({ "10", "50", "200" })
    public int events;

    private final ScoringEngine engine = new ScoringEngine();
    private final HandWrittenSalesLedScorer handWritten = new HandWrittenSalesLedScorer();
    private Ruleset salesLed;
    private Ruleset productLed;
    private Lead lead;
    private List<ActivityEvent> salesLedEvents;
    private List<ActivityEvent> productLedEvents;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        logAsTheServiceDoes();
        RulesetBuilder builder = new RulesetBuilder(Clock.systemUTC());
        salesLed = builder.build("sales-led", RuleFiles.read(Path.of("rules", "sales-led")));
        productLed = builder.build("product-led", RuleFiles.read(Path.of("rules", "product-led")));
        lead = typicalLead();
        RandomLeads random = new RandomLeads(7L);
        salesLedEvents = random.salesLedEvents(events);
        productLedEvents = random.productLedEvents(events);
        // the baseline must do the same work, or the ratio means nothing
        ScoreResult rules = droolsSalesLed();
        HandWrittenSalesLedScorer.Score hand = handWrittenSalesLed();
        if (rules.fit() != hand.fit() || rules.engagement() != hand.engagement() || !rules.stage().equals(hand.stage())) {
            throw new IllegalStateException("hand-written " + hand + " disagrees with the rules " + rules);
        }
    }

    /**
     * Outside a started Quarkus application, the JBoss log manager keeps Quarkus' boot-time
     * configuration, where every level is enabled and Drools formats a trace message for each
     * rule firing (half the time of a score). The service runs at INFO; so does the benchmark.
     */
    static void logAsTheServiceDoes() {
        org.jboss.logmanager.LogContext.getSystemLogContext().getLogger("").setLevel(java.util.logging.Level.INFO);
    }

    /** A VP at a 200-person SaaS company in the US using Salesforce: most fit rules fire. */
    static Lead typicalLead() {
        return new Lead("bench-lead", "pat@acme.io", "Pat", "Doe", "VP Sales", "US",
                new Company("Acme", "acme.io", "SaaS", 200, BigDecimal.valueOf(25_000_000), "US", List.of("Salesforce")),
                "benchmark", null, Map.of());
    }

    @Benchmark
    public ScoreResult droolsSalesLed() {
        return engine.score(salesLed, lead, salesLedEvents, RandomLeads.AS_OF);
    }

    @Benchmark
    public ScoreResult droolsProductLed() {
        return engine.score(productLed, lead, productLedEvents, RandomLeads.AS_OF);
    }

    /**
     * Both models' events as new objects, never scored: an event keeps the table rows it matched
     * for its next score under the same ruleset (as a lead's kept events are scored at every new
     * event), so the methods above measure events scored before, and these a first score.
     */
    List<ActivityEvent> newSalesLedEvents() {
        return copies(salesLedEvents);
    }

    List<ActivityEvent> newProductLedEvents() {
        return copies(productLedEvents);
    }

    private static List<ActivityEvent> copies(List<ActivityEvent> events) {
        return events.stream().map(e -> new ActivityEvent(e.getId(), e.getType(), e.getOccurredAt(), e.getProperties())).toList();
    }

    ScoreResult droolsSalesLed(List<ActivityEvent> events) {
        return engine.score(salesLed, lead, events, RandomLeads.AS_OF);
    }

    ScoreResult droolsProductLed(List<ActivityEvent> events) {
        return engine.score(productLed, lead, events, RandomLeads.AS_OF);
    }

    @Benchmark
    public HandWrittenSalesLedScorer.Score handWrittenSalesLed() {
        return handWritten.score(lead, salesLedEvents, RandomLeads.AS_OF);
    }
}
