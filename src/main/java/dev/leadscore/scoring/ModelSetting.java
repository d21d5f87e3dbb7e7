package dev.leadscore.scoring;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The settings catalogue: every figure a model's Settings table may set, declared once with the
 * exact name the table row and the rules use, what kind of number it is, and who reads it. The
 * product's Java reads settings through these constants; a model's DRL reads them by name
 * ({@code $ctx.setting("MQL minimum fit")}), and building a ruleset refuses a DRL
 * that reads a name not declared here, and a table row that sets one, naming the file and the
 * line or cell. A misspelt setting is therefore a build error, never a rule that silently does not
 * fire.
 */
public enum ModelSetting {
    // read by the service itself, whatever the model
    BASE_FIT_POINTS("Base fit points", Unit.POINTS, Reader.SERVICE, 0),
    BASE_ENGAGEMENT_POINTS("Base engagement points", Unit.POINTS, Reader.SERVICE, 0),
    /** Without a row, the lifecycle's configuration ({@code leadscore.lifecycle.cooldown-days}) applies. */
    REQUALIFICATION_COOLDOWN_DAYS("Re-qualification cooldown days", Unit.DAYS, Reader.SERVICE, null),
    /** Without a row, {@code leadscore.lifecycle.account-engaged-contacts} applies. */
    ACCOUNT_ENGAGED_CONTACTS("Account engaged contacts", Unit.COUNT, Reader.SERVICE, null),
    /** Without a row, {@code leadscore.lifecycle.account-engaged-minimum-engagement} applies. */
    ACCOUNT_ENGAGED_MINIMUM_ENGAGEMENT("Account engaged minimum engagement", Unit.POINTS, Reader.SERVICE, null),

    // read by the models' rules (scoring.drl); a model whose rules read one must set it
    MQL_MINIMUM_FIT("MQL minimum fit", Unit.POINTS),
    MQL_MINIMUM_ENGAGEMENT("MQL minimum engagement", Unit.POINTS),
    SALES_READY_MINIMUM_TOTAL("Sales-ready minimum total", Unit.POINTS),
    SALES_READY_RECENT_DAYS("Sales-ready recent days", Unit.DAYS),
    LOW_INTENT_CAP("Low-intent cap", Unit.POINTS),
    DECAY_PERCENT_PER_PERIOD("Decay percent per period", Unit.PERCENT),
    DECAY_PERIOD_DAYS("Decay period days", Unit.DAYS),
    PQL_MINIMUM_TOTAL("PQL minimum total", Unit.POINTS),
    PQL_MINIMUM_FIT("PQL minimum fit", Unit.POINTS),
    KEY_ACTION_BURST_ACTIONS("Key action burst actions", Unit.COUNT),
    KEY_ACTION_BURST_HOURS("Key action burst hours", Unit.HOURS),
    KEY_ACTION_BURST_POINTS("Key action burst points", Unit.POINTS),
    FREQUENT_LOGINS_COUNT("Frequent logins count", Unit.COUNT),
    FREQUENT_LOGINS_DAYS("Frequent logins days", Unit.DAYS),
    FREQUENT_LOGINS_POINTS("Frequent logins points", Unit.POINTS),
    DISTINCT_FEATURES_COUNT("Distinct features count", Unit.COUNT),
    DISTINCT_FEATURES_POINTS("Distinct features points", Unit.POINTS),
    RECENT_ACTION_DAYS("Recent action days", Unit.DAYS),
    RECENT_ACTION_BONUS_PERCENT("Recent action bonus percent", Unit.PERCENT),
    OLD_ACTION_DAYS("Old action days", Unit.DAYS),
    MIDDLE_AGED_ACTION_BONUS_PERCENT("Middle-aged action bonus percent", Unit.PERCENT),
    INACTIVITY_DECAY_POINTS("Inactivity decay points", Unit.POINTS),
    INACTIVITY_DECAY_PERIOD_DAYS("Inactivity decay period days", Unit.DAYS),
    NO_LOGIN_WARNING_DAYS("No login warning days", Unit.DAYS),
    NO_LOGIN_WARNING_POINTS("No login warning points", Unit.POINTS),
    NO_LOGIN_LAPSED_DAYS("No login lapsed days", Unit.DAYS),
    NO_LOGIN_LAPSED_POINTS("No login lapsed points", Unit.POINTS),
    ACTIVATION_KEY_ACTIONS("Activation key actions", Unit.COUNT);

    /** What kind of number a setting holds; a table value that is not one is refused at build. */
    public enum Unit {
        /** Points, positive or negative. */
        POINTS,
        /** A whole number of days, 0 or more. */
        DAYS,
        /** Hours, 0 or more. */
        HOURS,
        /** A percentage, 0 or more. */
        PERCENT,
        /** A whole number of things (events, contacts, features), 0 or more. */
        COUNT;

        /** Why {@code value} is not a value of this unit, or null when it is. */
        public String refusal(double value) {
            boolean whole = value == Math.rint(value);
            return switch (this) {
                case POINTS -> null;
                case HOURS, PERCENT -> value < 0 ? "must be 0 or more" : null;
                case DAYS, COUNT -> value < 0 || !whole ? "must be a whole number, 0 or more" : null;
            };
        }
    }

    /** Who reads a setting: the service's Java for every model, or the model's own rules. */
    public enum Reader { SERVICE, RULES }

    private static final Map<String, ModelSetting> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ModelSetting::label, Function.identity()));

    private final String label;
    private final Unit unit;
    private final Reader reader;
    private final Double defaultValue;

    ModelSetting(String label, Unit unit) {
        this(label, unit, Reader.RULES, null);
    }

    ModelSetting(String label, Unit unit, Reader reader, Integer defaultValue) {
        this.label = label;
        this.unit = unit;
        this.reader = reader;
        this.defaultValue = defaultValue == null ? null : defaultValue.doubleValue();
    }

    /** The exact name a Settings row and the rules use. */
    public String label() { return label; }
    public Unit unit() { return unit; }
    public Reader reader() { return reader; }

    /** The value when a model's Settings table has no row for it; empty when there is none. */
    public OptionalDouble defaultValue() {
        return defaultValue == null ? OptionalDouble.empty() : OptionalDouble.of(defaultValue);
    }

    /** The setting of that exact name, if the catalogue declares one. */
    public static Optional<ModelSetting> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The declared name {@code name} differs from only in case, spaces or hyphens (a likely typo); null when none does. */
    public static String closestTo(String name) {
        String wanted = squeeze(name);
        for (ModelSetting s : values()) {
            if (squeeze(s.label).equals(wanted)) {
                return s.label;
            }
        }
        return null;
    }

    private static String squeeze(String s) {
        return s.replaceAll("[\\s_-]+", "").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return label;
    }
}
