package dev.leadscore.scoring;

import java.util.Collection;
import java.util.regex.Pattern;

import org.kie.api.runtime.rule.RuleContext;

/**
 * A named figure of the model (a threshold, a cap, a decay rate), set by a row of the model's
 * thresholds table; the row's NAME is the setting's name. Rules read it from the
 * {@link ScoringContext}: {@code $ctx.setting("MQL minimum fit")}. Rules written for the earlier
 * engine matched one fact per setting, {@code Setting(name == "MQL minimum fit", $min : value)};
 * such a model still scores (its settings are inserted as facts, see {@link #readAsFacts}).
 */
public final class Setting {
    /** A pattern on Setting facts (not a constructor call), as rules written for the earlier engine read settings. */
    public static final Pattern FACT_PATTERN = Pattern.compile("(?<![\\w.])(?<!new\\s)Setting\\s*\\(");

    private final String name;
    private final double value;

    public Setting(String name, double value) {
        this.name = name;
        this.value = value;
    }

    public static Setting of(RuleContext rule, Number value) {
        return new Setting(rule.getRule().getName(), value.doubleValue());
    }

    /** Whether any of these DRL texts matches Setting facts, so a score must insert one per setting. */
    public static boolean readAsFacts(Collection<String> drl) {
        for (String text : drl) {
            if (FACT_PATTERN.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    public String getName() { return name; }
    public double getValue() { return value; }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
