package dev.leadscore.scoring;

import java.time.Instant;
import java.util.Objects;

import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

import dev.leadscore.scoring.table.TableRow;

/**
 * Points a rule gave or took, and why. Rules add adjustments to the score's {@link Scorecard}
 * instead of bumping counters, so the adjustments of a score are its explanation. The rule (or
 * table row) that gave one is recorded; its source (file and line, or spreadsheet cell) is looked
 * up from the rule name when the score is read out.
 *
 * <p>Decision-table rows describe themselves with rule metadata: {@code reason} (human text),
 * {@code intent} ("low" behaviours share the low-intent cap, "high" ones count as recent
 * high-intent actions) and {@code maxTimes} (how many occurrences count, the latest first).
 */
public final class Adjustment {
    private final Category category;
    private final int points;
    private final String rule;
    private final String reason;
    private final ActivityEvent event;
    private final String intent;
    private final int maxTimes;
    private final Adjustment decayOf;
    private final boolean disqualifying;

    private Adjustment(Category category, int points, String rule, String reason, ActivityEvent event,
            String intent, int maxTimes, Adjustment decayOf) {
        this(category, points, rule, reason, event, intent, maxTimes, decayOf, false);
    }

    private Adjustment(Category category, int points, String rule, String reason, ActivityEvent event,
            String intent, int maxTimes, Adjustment decayOf, boolean disqualifying) {
        this.category = Objects.requireNonNull(category);
        this.points = points;
        this.rule = rule;
        this.reason = reason;
        this.event = event;
        this.intent = intent;
        this.maxTimes = maxTimes;
        this.decayOf = decayOf;
        this.disqualifying = disqualifying;
    }

    /**
     * Points a row of a Marketing Ops table gave: the row's name is the rule, its reason and intent
     * come with it. "Counts at most" is already applied by {@link TableRow#counted}.
     */
    public static Adjustment ofRow(TableRow row, ActivityEvent event) {
        return new Adjustment(row.getKind().category(), row.getPoints(), row.getName(), row.getReason(), event,
                row.getIntent(), 0, null, row.isDisqualifies());
    }

    /** A fit criterion matched the profile. */
    public static Adjustment fit(RuleContext rule, Number points) {
        return fromRule(Category.FIT, rule, points, null);
    }

    /** A profile negative (competitor, student, ...): reduces fit. */
    public static Adjustment negative(RuleContext rule, Number points) {
        return fromRule(Category.NEGATIVE, rule, points, null);
    }

    /** A behaviour earned points. */
    public static Adjustment engagement(RuleContext rule, ActivityEvent event, Number points) {
        return fromRule(Category.ENGAGEMENT, rule, points, event);
    }

    /** A behaviour negative (unsubscribe, job seeker, ...): reduces engagement. */
    public static Adjustment negativeFor(RuleContext rule, ActivityEvent event, Number points) {
        return fromRule(Category.NEGATIVE, rule, points, event);
    }

    /** Points derived by DRL logic (caps, inactivity, combinations) with an explicit reason. */
    public static Adjustment of(RuleContext rule, Category category, Number points, String reason) {
        return new Adjustment(category, points.intValue(), rule.getRule().getName(), reason, null, null, 0, null);
    }

    /** Points derived by DRL logic from a set of events (a burst, a streak); {@code event} is the latest that counted. */
    public static Adjustment of(RuleContext rule, Category category, ActivityEvent event, Number points, String reason) {
        return new Adjustment(category, points.intValue(), rule.getRule().getName(), reason, event, null, 0, null);
    }

    /** Extra points (or fewer) for {@code earned} because of when it happened, e.g. recent actions counting double. */
    public static Adjustment weightingOf(RuleContext rule, Adjustment earned, Number points, String reason) {
        return new Adjustment(earned.category, points.intValue(), rule.getRule().getName(), reason, earned.event,
                earned.intent, 0, earned);
    }

    /** Points of {@code earned} lost to time; keeps its event and intent so caps see the decayed value. */
    public static Adjustment decayOf(RuleContext rule, Adjustment earned, Number points, String reason) {
        return new Adjustment(Category.DECAY, points.intValue(), rule.getRule().getName(), reason, earned.event,
                earned.intent, 0, earned);
    }

    private static Adjustment fromRule(Category category, RuleContext context, Number points, ActivityEvent event) {
        Rule rule = context.getRule();
        Object reason = rule.getMetaData().get("reason");
        Object maxTimes = rule.getMetaData().get("maxTimes");
        Object intent = rule.getMetaData().get("intent");
        return new Adjustment(category, points.intValue(), rule.getName(),
                reason == null ? rule.getName() : unquote(reason), event,
                intent == null ? null : Matching.normalise(unquote(intent)),
                maxTimes == null ? 0 : Integer.parseInt(unquote(maxTimes).trim()), null);
    }

    private static String unquote(Object value) {
        String s = value.toString().trim();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    public Category getCategory() { return category; }
    public int getPoints() { return points; }
    public String getRule() { return rule; }
    public String getReason() { return reason; }
    public ActivityEvent getEvent() { return event; }
    public String getIntent() { return intent; }
    public int getMaxTimes() { return maxTimes; }
    /** The adjustment this one decays or re-weights, or null for points earned in their own right. */
    public Adjustment getDecayOf() { return decayOf; }
    /** A disqualifying negative: the lead's band is capped at the lowest and it never qualifies. */
    public boolean isDisqualifying() { return disqualifying; }

    public String getEventId() { return event == null ? null : event.getId(); }
    public Instant getOccurredAt() { return event == null ? null : event.getOccurredAt(); }
    public boolean isLowIntent() { return "low".equals(intent); }
    public boolean isHighIntent() { return "high".equals(intent); }

    /** This adjustment's event is later than the other's (for "the latest N count"). */
    public boolean isLaterThan(Adjustment other) {
        return event != null && other.event != null && event.isLaterThan(other.event);
    }

    @Override
    public String toString() {
        return category + " " + points + " " + rule + (event == null ? "" : " @" + event.getId());
    }
}
