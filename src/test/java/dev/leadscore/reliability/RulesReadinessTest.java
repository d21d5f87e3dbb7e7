package dev.leadscore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import dev.leadscore.rules.BuildProblem;
import dev.leadscore.rules.RulesetRegistry.ModelState;
import dev.leadscore.scoring.DefaultModels;

class RulesReadinessTest {

    @Test
    void readyWhenEveryModelHasAnActiveVersion() {
        HealthCheckResponse r = RulesReadiness.check(Map.of(
                "sales-led", new ModelState("sales-led", DefaultModels.ruleset("sales-led"), List.of(), null)), "sales-led");
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(r.getData().orElseThrow()).containsKey("sales-led");
    }

    @Test
    void aModelWithoutAnActiveVersionIsNotReady() {
        HealthCheckResponse r = RulesReadiness.check(Map.of(
                "sales-led", new ModelState("sales-led", DefaultModels.ruleset("sales-led"), List.of(), null),
                "broken", new ModelState("broken", null, List.of(new BuildProblem("fit.drl.xlsx", "Fit", "C9", null, "bad")),
                        Instant.now())), "sales-led");
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(r.getData().orElseThrow().get("broken").toString()).contains("no active version");
    }

    @Test
    void aMissingDefaultModelIsNotReady() {
        assertThat(RulesReadiness.check(Map.of(), "sales-led").getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }
}
