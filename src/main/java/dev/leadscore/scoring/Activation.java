package dev.leadscore.scoring;

import org.kie.api.runtime.rule.RuleContext;

/**
 * How far a product user has got (product-led models): Not Started, Activated or Power User, and
 * the rule and evidence that decided it. Models without activation rules derive none.
 */
public final class Activation {
    public static final String NOT_STARTED = "Not Started";
    public static final String ACTIVATED = "Activated";
    public static final String POWER_USER = "Power User";

    private final String status;
    private final String workings;

    public Activation(String status, String workings) {
        this.status = status;
        this.workings = workings;
    }

    public static Activation of(RuleContext rule, String status, String why) {
        return new Activation(status, "activation " + status + " (rule '" + rule.getRule().getName() + "'): " + why);
    }

    public String getStatus() { return status; }
    public String getWorkings() { return workings; }
}
