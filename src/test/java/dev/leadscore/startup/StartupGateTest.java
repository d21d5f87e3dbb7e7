package dev.leadscore.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.scheduler.Scheduled;

/** Scheduled jobs run only on a service that finished starting (rulesets loaded), and never after shutdown began. */
class StartupGateTest {

    @Test
    void theGateIsClosedUntilStartUpEndsAndClosesAtShutdown() {
        StartupGate gate = new StartupGate();
        StartupGate.Closed closed = new StartupGate.Closed();
        closed.gate = gate;
        assertThat(closed.test(null)).as("skipped before start-up ends").isTrue();
        gate.started(null);
        assertThat(closed.test(null)).as("runs once started").isFalse();
        gate.stopping(null);
        assertThat(closed.test(null)).as("skipped once shutdown begins").isTrue();
    }

    @Test
    void everyScheduledJobWaitsForTheGate() throws Exception {
        Path classes = Path.of(StartupGate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> jobs = new ArrayList<>();
        List<String> ungated = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/leadscore"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                for (Method method : Class.forName(name, false, getClass().getClassLoader()).getDeclaredMethods()) {
                    for (Scheduled scheduled : method.getAnnotationsByType(Scheduled.class)) {
                        jobs.add(name + "." + method.getName());
                        if (scheduled.skipExecutionIf() != StartupGate.Closed.class) {
                            ungated.add(name + "." + method.getName());
                        }
                    }
                }
            }
        }
        assertThat(jobs).as("the re-scoring, webhook delivery and idempotency purge jobs are found")
                .anyMatch(j -> j.contains("RescoreJob")).anyMatch(j -> j.contains("WebhookDelivery"))
                .anyMatch(j -> j.contains("IdempotencyPurge"));
        assertThat(ungated).as("scheduled jobs that may run before start-up ends").isEmpty();
    }
}
