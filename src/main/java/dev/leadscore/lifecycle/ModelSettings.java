package dev.leadscore.lifecycle;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.kie.api.runtime.KieSession;

import dev.leadscore.rules.Ruleset;
import dev.leadscore.scoring.ScoringContext;
import dev.leadscore.scoring.Setting;

/**
 * The figures of a ruleset's Settings table, read by firing the ruleset once without a lead: the
 * lifecycle uses the same rows Marketing Ops edit (cooldown, account escalation, durations).
 * Read once per ruleset version.
 */
@ApplicationScoped
public class ModelSettings {
    /** Settings whose name ends like this are durations; the job looks for score changes at their boundaries. */
    static final String DAYS = " days";

    private final Map<String, Map<String, Double>> byVersion = new ConcurrentHashMap<>();

    public Map<String, Double> of(Ruleset ruleset) {
        return byVersion.computeIfAbsent(ruleset.model() + "@" + ruleset.version(), k -> read(ruleset));
    }

    public Optional<Double> value(Ruleset ruleset, String name) {
        return Optional.ofNullable(of(ruleset).get(name));
    }

    private static Map<String, Double> read(Ruleset ruleset) {
        KieSession session = ruleset.kieBase().newKieSession();
        try {
            session.insert(new ScoringContext(Instant.EPOCH));
            session.fireAllRules(10_000);
            Map<String, Double> settings = new HashMap<>();
            for (Object o : session.getObjects(o -> o instanceof Setting)) {
                Setting s = (Setting) o;
                settings.put(s.getName(), s.getValue());
            }
            return Map.copyOf(settings);
        } finally {
            session.dispose();
        }
    }
}
