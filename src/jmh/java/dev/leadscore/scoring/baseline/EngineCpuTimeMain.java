package dev.leadscore.scoring.baseline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

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
        System.out.printf(Locale.ROOT, "%nCPU us per score (best of %d rounds)%n%-22s %9s %9s %9s %14s %12s%n", rounds,
                "benchmark", "10", "50", "200", "per event ns", "x hand @50");
        for (int c = 0; c < CASES.length; c++) {
            double perEvent = (best[c][2] - best[c][0]) / 190 * 1000;
            System.out.printf(Locale.ROOT, "%-22s %9.2f %9.2f %9.2f %14.0f %12s%n", CASES[c], best[c][0], best[c][1],
                    best[c][2], perEvent, c == 0 ? "baseline" : String.format(Locale.ROOT, "%.1fx", best[c][1] / best[0][1]));
        }
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
