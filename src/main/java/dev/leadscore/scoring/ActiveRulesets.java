package dev.leadscore.scoring;

import java.util.Optional;

/**
 * The versions that serve, one per model, as the layers that score leads see them. The rules
 * layer keeps them (and swaps them on publish); leads and lifecycle only read.
 */
public interface ActiveRulesets {

    /** The version serving {@code model}, if the model exists and has one. */
    Optional<Ruleset> active(String model);

    /** The version serving {@code model}; an unknown model is a problem naming the {@code model} field. */
    Ruleset require(String model);

    /** The model a lead is scored under when it names none. */
    String defaultModel();
}
