package dev.leadscore.scoring.baseline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.leadscore.scoring.ActivityEvent;

/**
 * CPU time per score, for a machine too busy for wall-clock figures: the nine cases of
 * {@link EngineBenchmark} interleaved in rounds in one JVM, each scored for a second after a short
 * warm-up, the thread's CPU time divided by the scores; the best round is kept. Waiting for a core
 * does not count; caches shared with other processes still do. Run with
 * {@code bench/engine.sh --cpu-time [rounds]}.
 */
public final class EngineCpuTimeMain {
    private static final int[] EVENTS = { 10, 50, 200 };
    private static final String[] CASES = { "handWrittenSalesLed", "droolsSalesLed", "droolsProductLed" };
    private static Object sink;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        EngineBenchmark[] states = new EngineBenchmark[EVENTS.length];
        for (int i = 0; i < EVENTS.length; i++) {
            states[i] = new EngineBenchmark();
            states[i].events = EVENTS[i];
            states[i].setUp();
        }
        double[][] best = new double[CASES.length][EVENTS.length];
        for (double[] row : best) {
            Arrays.fill(row, Double.MAX_VALUE);
        }
        for (int round = 0; round < rounds; round++) {
            for (int c = 0; c < CASES.length; c++) {
                for (int e = 0; e < EVENTS.length; e++) {
                    best[c][e] = Math.min(best[c][e], cpuMicrosPerScore(states[e], CASES[c]));
                }
            }
        }
        // the same scores with events never scored before (a stateless request, a lead read from the database)
        double[][] first = new double[2][EVENTS.length];
        for (double[] row : first) {
            Arrays.fill(row, Double.MAX_VALUE);
        }
        for (int round = 0; round < rounds; round++) {
            for (int c = 0; c < 2; c++) {
                for (int e = 0; e < EVENTS.length; e++) {
                    first[c][e] = Math.min(first[c][e], cpuMicrosPerFirstScore(states[e], c == 0));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nCPU us per score (best of %d rounds)%n%-40s %9s %9s %9s %14s %12s%n", rounds,
                "benchmark", "10", "50", "200", "per event ns", "x hand @50");
        for (int c = 0; c < CASES.length; c++) {
            print(CASES[c] + (c == 0 ? "" : " (events scored before)"), best[c], best[0], c == 0);
        }
        print("droolsSalesLed (events new to it)", first[0], best[0], false);
        print("droolsProductLed (events new to it)", first[1], best[0], false);
    }

    private static void print(String name, double[] figures, double[] handWritten, boolean baseline) {
        double perEvent = (figures[2] - figures[0]) / 190 * 1000;
        System.out.printf(Locale.ROOT, "%-40s %9.2f %9.2f %9.2f %14.0f %12s%n", name, figures[0], figures[1], figures[2],
                perEvent, baseline ? "baseline" : String.format(Locale.ROOT, "%.1fx", figures[1] / handWritten[1]));
    }

    /**
     * CPU time per score of events never scored: copies made beforehand, each list scored once
     * (the first fifth of them to warm up, not counted).
     */
    private static double cpuMicrosPerFirstScore(EngineBenchmark state, boolean salesLed) {
        int lists = Math.max(200, 100_000 / state.events);
        List<List<ActivityEvent>> fresh = new ArrayList<>(lists);
        for (int i = 0; i < lists; i++) {
            fresh.add(salesLed ? state.newSalesLedEvents() : state.newProductLedEvents());
        }
        int warm = lists / 5;
        for (int i = 0; i < warm; i++) {
            sink = salesLed ? state.droolsSalesLed(fresh.get(i)) : state.droolsProductLed(fresh.get(i));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = warm; i < lists; i++) {
            sink = salesLed ? state.droolsSalesLed(fresh.get(i)) : state.droolsProductLed(fresh.get(i));
        }
        return (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / (lists - warm);
    }

    private static double cpuMicrosPerScore(EngineBenchmark state, String which) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warm = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < warm) {
            sink = score(state, which);
        }
        long end = System.nanoTime() + 1_000_000_000L;
        long cpu = threads.getCurrentThreadCpuTime();
        long scores = 0;
        while (System.nanoTime() < end) {
            sink = score(state, which);
            scores++;
        }
        return (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / scores;
    }

    private static Object score(EngineBenchmark state, String which) {
        return switch (which) {
            case "droolsSalesLed" -> state.droolsSalesLed();
            case "droolsProductLed" -> state.droolsProductLed();
            default -> state.handWrittenSalesLed();
        };
    }
}
