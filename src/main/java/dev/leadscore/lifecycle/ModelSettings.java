package dev.leadscore.lifecycle;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;


import dev.leadscore.scoring.ModelSetting;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.Setting;

/**
 * The figures of a ruleset's Settings table: the lifecycle uses the same rows Marketing Ops edit
 * (cooldown, account escalation, durations).
 */
@ApplicationScoped
public class ModelSettings {
    /** Settings whose name ends like this are durations; the job looks for score changes at their boundaries. */
    static final String DAYS = " days";

    public Map<String, Double> of(Ruleset ruleset) {
        Map<String, Double> settings = new HashMap<>();
        for (Setting s : ruleset.tables().getSettings()) {
            settings.put(s.getName(), s.getValue());
        }
        return settings;
    }

    /** The model's value of a setting, else the catalogue's default; empty when neither has one. */
    public Optional<Double> value(Ruleset ruleset, ModelSetting setting) {
        Optional<Double> set = ruleset.tables().setting(setting.label());
        if (set.isPresent() || setting.defaultValue().isEmpty()) {
            return set;
        }
        return Optional.of(setting.defaultValue().getAsDouble());
    }
}
