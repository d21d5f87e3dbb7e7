package dev.leadscore.scoring;

import java.util.Objects;

import org.kie.api.runtime.rule.RuleContext;

/** A {@link ProductSignal} the lead's events show, and the rule that found it. */
public final class SignalMet {
    private final ProductSignal signal;
    private final String rule;

    public SignalMet(ProductSignal signal, String rule) {
        this.signal = Objects.requireNonNull(signal);
        this.rule = rule;
    }

    public static SignalMet of(RuleContext rule, ProductSignal signal) {
        return new SignalMet(signal, rule.getRule().getName());
    }

    public ProductSignal getSignal() { return signal; }
    public String getRule() { return rule; }

    @Override
    public String toString() {
        return signal + " (rule '" + rule + "')";
    }
}
