package dev.leadscore.scoring;

/**
 * Product-usage signals a model's rules find over several events. The rule that finds one inserts
 * a {@link SignalMet} fact, so rules that depend on the signal (activation status) match the
 * signal, never the name of the rule that found it.
 */
public enum ProductSignal {
    /** Logged in often enough within the window the model sets. */
    FREQUENT_LOGINS,
    /** Used enough different features. */
    DISTINCT_FEATURES,
    /** Has not logged in for longer than the model allows. */
    LOGINS_LAPSED
}
