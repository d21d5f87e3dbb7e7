package dev.leadscore.scoring.baseline;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import dev.leadscore.rules.RulesetBuilder;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoredAdjustment;
import dev.leadscore.scoring.ScoringEngine;

/**
 * Writes the complete outcome of scoring seeded generated leads with both default models at
 * several as-of instants: every figure, every workings line and every explanation line, one per
 * line, in order. Run it with two builds of the engine and compare the files ({@code cmp}): a
 * change meant to make scoring faster must leave them identical. Events come from the benchmark's
 * pools, with the types and values sometimes upper-cased, padded or numeric, and the other
 * model's events mixed in.
 *
 * <p>Usage: {@code java -cp <test and main classes, classpath> dev.leadscore.scoring.baseline.ScoreDumpMain
 * <file> [leads] [seed]}; see {@code bench/engine.sh --dump}.
 */
public final class ScoreDumpMain {
    private static final List<Instant> AS_OF = List.of(RandomLeads.AS_OF, RandomLeads.AS_OF.minus(Duration.ofDays(45)),
            RandomLeads.AS_OF.plus(Duration.ofHours(1)), RandomLeads.AS_OF.plus(Duration.ofDays(120)));
    private static final int[] EVENT_COUNTS = { 0, 1, 3, 10, 25, 60, 120, 200 };

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int leads = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 15L;
        EngineBenchmark.logAsTheServiceDoes();
        RulesetBuilder builder = new RulesetBuilder(Clock.systemUTC());
        List<Ruleset> models = List.of(builder.build("sales-led", RuleFiles.read(Path.of("rules", "sales-led"))),
                builder.build("product-led", RuleFiles.read(Path.of("rules", "product-led"))));
        ScoringEngine engine = new ScoringEngine();
        RandomLeads random = new RandomLeads(seed);
        Random perturb = new Random(seed * 31 + 7);
        long scores = 0;
        long lines = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (int i = 0; i < leads; i++) {
                Lead lead = random.lead();
                int count = EVENT_COUNTS[perturb.nextInt(EVENT_COUNTS.length)];
                List<ActivityEvent> events = new ArrayList<>(count);
                int ownShare = perturb.nextInt(4); // 0: every event from the other model's pool too
                for (ActivityEvent e : i % 2 == 0 ? random.salesLedEvents(count) : random.productLedEvents(count)) {
                    events.add(perturbed(e, perturb));
                }
                if (ownShare == 0) {
                    for (ActivityEvent e : i % 2 == 0 ? random.productLedEvents(count / 2) : random.salesLedEvents(count / 2)) {
                        events.add(perturbed(new ActivityEvent("o-" + e.getId(), e.getType(), e.getOccurredAt(),
                                e.getProperties()), perturb));
                    }
                }
                for (Ruleset model : models) {
                    for (Instant asOf : AS_OF) {
                        w.write(model.model() + " " + lead.getId() + " " + events.size() + " events as of " + asOf + "\n");
                        lines++;
                        try {
                            ScoreResult r = engine.score(model, lead, events, asOf);
                            w.write(String.format(Locale.ROOT, "  %s %s %s fit %d engagement %d total %d band %s stage %s"
                                    + " last %s activation %s customer %s%n", r.model(), r.rulesetVersion(), r.asOf(),
                                    r.fit(), r.engagement(), r.total(), r.band(), r.stage(), r.lastActivityAt(),
                                    r.activation(), r.existingCustomer()));
                            w.write("  " + r.workings() + "\n");
                            lines += 2;
                            for (ScoredAdjustment a : r.adjustments()) {
                                w.write("  " + a + "\n");
                                lines++;
                            }
                        } catch (RuntimeException e) {
                            w.write("  refused: " + e + "\n");
                            lines++;
                        }
                        scores++;
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d leads, %d scores, %d lines written to %s%n", leads, scores, lines, out);
    }

    /** Sometimes the type or a value upper-cased or padded, or a value a number: what events arrive as. */
    private static ActivityEvent perturbed(ActivityEvent e, Random r) {
        String type = e.getType();
        switch (r.nextInt(12)) {
            case 0 -> type = type.toUpperCase(Locale.ROOT);
            case 1 -> type = " " + type + " ";
            default -> { }
        }
        Map<String, Object> properties = new HashMap<>();
        // in key order: the event's map iterates in an order that changes from one JVM to the next
        for (Map.Entry<String, Object> p : new TreeMap<>(e.getProperties()).entrySet()) {
            Object value = p.getValue();
            switch (r.nextInt(10)) {
                case 0 -> value = value.toString().toUpperCase(Locale.ROOT);
                case 1 -> value = "  " + value;
                case 2 -> value = "";
                default -> { }
            }
            properties.put(p.getKey(), value);
        }
        switch (r.nextInt(15)) {
            case 0 -> properties.put("feature", r.nextBoolean() ? 42 : 2.5);
            case 1 -> properties.put("path", r.nextBoolean() ? "/Pricing" : "/pricing?plan=team");
            case 2 -> properties.put("form", "Demo_Request ");
            default -> { }
        }
        return new ActivityEvent(e.getId(), type, e.getOccurredAt(), properties);
    }
}
