package dev.leadscore.scoring;

import org.kie.api.runtime.rule.RuleContext;

/**
 * The lead's e-mail or company domain is on the model's existing-customer list: it is flagged
 * and the stage rules do not make it a new-business MQL or PQL.
 */
public final class ExistingCustomer {
    private final String rule;

    public ExistingCustomer(String rule) {
        this.rule = rule;
    }

    public static ExistingCustomer of(RuleContext rule) {
        return new ExistingCustomer(rule.getRule().getName());
    }

    public String getRule() { return rule; }
}
