package dev.leadscore.scoring;

import org.kie.api.runtime.rule.RuleContext;

/**
 * A named figure of the model (a threshold, a cap, a decay rate), inserted by a row of the
 * model's thresholds table; the row's NAME is the setting's name, so DRL reads
 * {@code Setting(name == "MQL minimum fit", $min : value)}.
 */
public final class Setting {
    private final String name;
    private final double value;

    public Setting(String name, double value) {
        this.name = name;
        this.value = value;
    }

    public static Setting of(RuleContext rule, Number value) {
        return new Setting(rule.getRule().getName(), value.doubleValue());
    }

    public String getName() { return name; }
    public double getValue() { return value; }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
