package dev.leadscore.leads;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.leadscore.rules.RulesetBuilder;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.RuleFiles;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.ScoringEngine;

/**
 * The engine alone on the request {@code bench/service.sh} sends to {@code POST /api/score}, in phases
 * of N threads for S seconds in one JVM, printing the CPU time per score of each phase: how far the
 * JIT has got after so many scores, and what scoring on many threads at once costs. Run with
 * {@code bench/engine.sh --warm-up [threads:seconds ...]}.
 */
public final class ScoreRequestWarmUpMain {
    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        org.jboss.logmanager.LogContext.getSystemLogContext().getLogger("").setLevel(java.util.logging.Level.INFO);
        String[] phases = args.length > 0 ? args : new String[] { "1:10", "1:10", "16:10", "1:10", "16:10", "1:10" };
        Ruleset salesLed = new RulesetBuilder(Clock.systemUTC()).build("sales-led", RuleFiles.read(Path.of("rules", "sales-led")));
        ScoreRequest request = new ObjectMapper().registerModule(new JavaTimeModule())
                .readValue(benchmarkBody(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)), ScoreRequest.class);
        Lead lead = request.lead().toFact(null);
        List<ActivityEvent> events = request.events().stream().map(EventInput::toFact).toList();
        ScoringEngine engine = new ScoringEngine();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long total = 0;
        System.out.printf(Locale.ROOT, "%-10s %8s %10s %14s %16s%n", "phase", "threads", "scores", "scores so far", "CPU us per score");
        for (String phase : phases) {
            int threads = Integer.parseInt(phase.split(":")[0]);
            long end = System.nanoTime() + (long) (Double.parseDouble(phase.split(":")[1]) * 1e9);
            LongAdder nanos = new LongAdder();
            LongAdder scores = new LongAdder();
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    long start = cpu.getCurrentThreadCpuTime();
                    long n = 0;
                    while (System.nanoTime() < end) {
                        sink = engine.score(salesLed, lead, events, Instant.now());
                        n++;
                    }
                    nanos.add(cpu.getCurrentThreadCpuTime() - start);
                    scores.add(n);
                });
                thread.start();
                running.add(thread);
            }
            for (Thread thread : running) {
                thread.join();
            }
            total += scores.sum();
            System.out.printf(Locale.ROOT, "%-10s %8d %10d %14d %16.1f%n", phase, threads, scores.sum(), total,
                    nanos.sum() / 1000.0 / Math.max(1, scores.sum()));
        }
    }

    /** The body of bench/wrk/score.lua: a VP at a SaaS company with 10 events an hour old. */
    static String benchmarkBody(Instant at) {
        String[] kinds = { "\"type\":\"page_view\",\"properties\":{\"path\":\"/pricing\"}",
            "\"type\":\"page_view\",\"properties\":{\"path\":\"/blog/a\"}", "\"type\":\"email_open\"",
            "\"type\":\"email_click\"", "\"type\":\"webinar_attended\"",
            "\"type\":\"form_submit\",\"properties\":{\"form\":\"demo_request\"}",
            "\"type\":\"content_download\",\"properties\":{\"asset\":\"case_study\"}",
            "\"type\":\"page_view\",\"properties\":{\"path\":\"/blog/b\"}", "\"type\":\"email_open\"",
            "\"type\":\"page_view\",\"properties\":{\"path\":\"/docs\"}" };
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < kinds.length; i++) {
            events.append(i == 0 ? "" : ",").append("{\"id\":\"e").append(i + 1).append("\",").append(kinds[i])
                    .append(",\"occurredAt\":\"").append(at).append("\"}");
        }
        return "{\"model\":\"sales-led\",\"lead\":{\"email\":\"pat@acme.io\",\"title\":\"VP Sales\",\"country\":\"US\","
                + "\"company\":{\"name\":\"Acme\",\"industry\":\"SaaS\",\"employees\":200,\"techStack\":[\"Salesforce\"]}},"
                + "\"events\":[" + events + "]}";
    }
}
