package dev.leadscore.scoring;

import org.kie.api.runtime.rule.RuleContext;

/** The score band a rule assigned (HOT, WARM, DEVELOPING, COLD), and which rule did. */
public final class Band {
    private final String name;
    private final String rule;

    public Band(String name, String rule) {
        this.name = name;
        this.rule = rule;
    }

    public static Band of(RuleContext rule, String name) {
        return new Band(name.trim().toUpperCase(java.util.Locale.ROOT), rule.getRule().getName());
    }

    public String getName() { return name; }
    public String getRule() { return rule; }
}
