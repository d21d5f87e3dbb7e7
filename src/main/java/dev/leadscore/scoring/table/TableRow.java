package dev.leadscore.scoring.table;

import java.util.ArrayList;
import java.util.List;

import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Category;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.ScoringContext;

/**
 * One row of a Marketing Ops table, read from the spreadsheet into typed values: its conditions
 * (all must hold) and what it gives. The product's fixed table rules iterate these rows; nothing a
 * row holds is ever compiled.
 */
public final class TableRow {

    /** Which table the row belongs to, which decides what it is matched against and what it gives. */
    public enum Kind {
        FIT(Category.FIT, false), PROFILE_NEGATIVE(Category.NEGATIVE, false), ENGAGEMENT(Category.ENGAGEMENT, true),
        BEHAVIOUR_NEGATIVE(Category.NEGATIVE, true), EXISTING_CUSTOMER(null, false),
        /** Base points of a settings table: always match, no event. */
        BASE_FIT(Category.FIT, false), BASE_ENGAGEMENT(Category.ENGAGEMENT, false);

        private final Category category;
        private final boolean onEvents;

        Kind(Category category, boolean onEvents) {
            this.category = category;
            this.onEvents = onEvents;
        }

        public Category category() { return category; }
        public boolean onEvents() { return onEvents; }
    }

    private final Kind kind;
    private final String name;
    private final String reason;
    private final int points;
    private final int maxTimes;
    private final String intent;
    private final boolean disqualifies;
    private final List<Condition> conditions;
    private final Double withinDays;
    private final int burstEvents;
    private final double burstHours;
    private final String source;
    private final ValueGroups groups;

    public TableRow(Kind kind, String name, String reason, int points, int maxTimes, String intent,
            boolean disqualifies, List<Condition> conditions, Double withinDays, int burstEvents, double burstHours,
            String source, ValueGroups groups) {
        this.kind = kind;
        this.name = name;
        this.reason = reason == null || reason.isBlank() ? name : reason;
        this.points = points;
        this.maxTimes = maxTimes;
        this.intent = intent;
        this.disqualifies = disqualifies;
        this.conditions = List.copyOf(conditions);
        this.withinDays = withinDays;
        this.burstEvents = burstEvents;
        this.burstHours = burstHours;
        this.source = source;
        this.groups = groups == null ? ValueGroups.NONE : groups;
    }

    /** The same row under the model's value groups (groups are read after the rows). */
    public TableRow withGroups(ValueGroups g) {
        return new TableRow(kind, name, reason, points, maxTimes, intent, disqualifies, conditions, withinDays,
                burstEvents, burstHours, source, g);
    }

    public boolean appliesTo(Lead lead) {
        for (Condition c : conditions) {
            if (!c.test(lead, groups)) {
                return false;
            }
        }
        return true;
    }

    public boolean appliesTo(ActivityEvent event, ScoringContext context) {
        return within(event, context) && conditionsHold(new EventValues(fieldsRead()).readFrom(event), fieldIndexes(fieldsRead()), -1);
    }

    /** The event is recent enough for the row's "Within days" as of the score's instant (or the row sets none). */
    boolean within(ActivityEvent event, ScoringContext context) {
        if (withinDays == null) {
            return true;
        }
        long ageMillis = context.getAsOf().toEpochMilli() - event.getOccurredAt().toEpochMilli();
        return ageMillis <= withinDays * 86_400_000d;
    }

    /**
     * The row's conditions on the event's values read once per event ({@link EventValues}):
     * condition {@code i} reads field {@code fields[i]} of {@code values}. Condition {@code holds}
     * (or none, -1) is known to hold: the event type condition of a row found by the event's type
     * ({@link #typeCondition}). They depend on the event and the row alone, not on the instant.
     */
    boolean conditionsHold(EventValues values, int[] fields, int holds) {
        for (int i = 0; i < conditions.size(); i++) {
            Condition c = conditions.get(i);
            if (i != holds
                    && !c.test(values.texts(fields[i]), c.readsNormalised() ? values.normalised(fields[i]) : null, groups)) {
                return false;
            }
        }
        return true;
    }

    /** The fields this row's conditions read, each once, in the order of the conditions. */
    List<Field> fieldsRead() {
        List<Field> out = new ArrayList<>();
        for (Condition c : conditions) {
            if (!out.contains(c.field())) {
                out.add(c.field());
            }
        }
        return out;
    }

    /** For each condition, the index of its field in {@code fields}, which holds every field the row reads. */
    int[] fieldIndexes(List<Field> fields) {
        int[] out = new int[conditions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fields.indexOf(conditions.get(i).field());
        }
        return out;
    }

    /**
     * The events that earn this row's points, from {@code latestFirst} (the events the row matches,
     * the latest first): for a burst row the event closing the latest full window (or none);
     * otherwise the latest "counts at most" of them, all when unset.
     */
    public List<ActivityEvent> counted(List<ActivityEvent> latestFirst) {
        if (burstEvents > 0) {
            ActivityEvent end = ActivityEvent.latestFullWindowEnd(latestFirst, burstEvents, burstHours);
            return end == null ? List.of() : List.of(end);
        }
        return maxTimes > 0 && latestFirst.size() > maxTimes ? latestFirst.subList(0, maxTimes) : latestFirst;
    }

    /**
     * The event types this row is limited to by an "Event type is any of" cell (normalised), or
     * null when it may match events of any type. Lets the table rows be looked up by event type.
     */
    List<String> eventTypes() {
        int i = typeCondition();
        return i < 0 ? null : conditions.get(i).items();
    }

    /**
     * The index of the condition {@link #eventTypes} reads, or -1: it holds for an event whose
     * (non-blank) type, normalised, is one of its items, since no value group applies to the type.
     */
    int typeCondition() {
        for (int i = 0; i < conditions.size(); i++) {
            Condition c = conditions.get(i);
            if (c.field().kind() == Field.Kind.EVENT_TYPE && c.operator() == Operator.IS_ANY_OF
                    && !groups.hasGroupsFor(c.field())) {
                return i;
            }
        }
        return -1;
    }

    public Kind getKind() { return kind; }
    public String getName() { return name; }
    public String getReason() { return reason; }
    public int getPoints() { return points; }
    public int getMaxTimes() { return maxTimes; }
    public String getIntent() { return intent; }
    public boolean isDisqualifies() { return disqualifies; }
    public List<Condition> getConditions() { return conditions; }
    public Double getWithinDays() { return withinDays; }
    public int getBurstEvents() { return burstEvents; }
    public double getBurstHours() { return burstHours; }
    /** "engagement.xlsx!Engagement!A5" */
    public String getSource() { return source; }

    /** "when Event type is any of form_submit and Form is any of demo_request then ENGAGEMENT +50 (Requested a demo)" */
    public String describe() {
        StringBuilder s = new StringBuilder("when ");
        if (conditions.isEmpty()) {
            s.append("always");
        }
        for (int i = 0; i < conditions.size(); i++) {
            s.append(i == 0 ? "" : " and ").append(conditions.get(i).describe());
        }
        if (withinDays != null) {
            s.append(" and within the last ").append(Words.number(withinDays)).append(" days");
        }
        if (burstEvents > 0) {
            s.append(", ").append(burstEvents).append("+ such events within ").append(Words.number(burstHours)).append(" hours");
        }
        s.append(" then ");
        if (kind == Kind.EXISTING_CUSTOMER) {
            s.append("existing customer");
        } else {
            s.append(kind.category()).append(' ').append(points > 0 ? "+" : "").append(points);
        }
        s.append(" (").append(reason).append(')');
        if (maxTimes > 0) {
            s.append(", counts at most ").append(maxTimes);
        }
        if (intent != null) {
            s.append(", ").append(intent).append(" intent");
        }
        if (disqualifies) {
            s.append(", disqualifies");
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return kind + " " + name + " " + points;
    }
}
