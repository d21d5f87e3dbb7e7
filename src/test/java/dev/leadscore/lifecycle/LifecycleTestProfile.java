package dev.leadscore.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.leadscore.ingest.KafkaBroker;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Tests that drive time and the scheduled jobs themselves: an adjustable clock, the schedulers off
 * (which also leaves the cores to the Kafka consumer), small batches, a local webhook receiver and
 * an in-JVM Kafka broker the consumer reads from. One profile for all of them: each profile costs
 * the test run a build and a start of the service.
 */
public class LifecycleTestProfile implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TestClock.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.scheduler.enabled", "false",
                "quarkus.http.test-port", "0",
                "leadscore.lifecycle.rescore.batch-size", "3",
                "leadscore.notify.max-attempts", "3",
                "leadscore.notify.first-retry-after", "PT10S",
                "leadscore.notify.timeout", "PT5S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WebhookReceiver.class), new TestResourceEntry(KafkaBroker.class));
    }
}
