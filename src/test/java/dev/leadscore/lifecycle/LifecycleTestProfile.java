package dev.leadscore.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The lifecycle tests drive time and the scheduled jobs themselves: an adjustable clock, the
 * schedulers off, small batches, and a local webhook receiver.
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
        return List.of(new TestResourceEntry(WebhookReceiver.class));
    }
}
