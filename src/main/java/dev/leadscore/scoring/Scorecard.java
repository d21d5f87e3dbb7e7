package dev.leadscore.scoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The points of one score as they are given: one fact per score, holding the lead's events (up to
 * the as-of instant, the latest first) and every adjustment so far, in the order given. The
 * product's table rows add theirs before the model's rules fire; the model's rules read the events
 * and the adjustments through this fact and add their own ({@link #add}) instead of inserting a fact
 * per adjustment, so a score derives a handful of facts whatever the number of events. The
 * adjustments are the explanation, read out once after firing.
 *
 * <p>Sums are kept as adjustments are added, so subtotals and caps cost nothing per adjustment.
 * Rules add to the scorecard without telling the engine ({@code modify}), so a constraint in a
 * {@code Scorecard(...)} pattern sees it as it was inserted (the events and the table rows' points);
 * read what other rules add (sums, the low-intent points) in the consequence, in salience order.
 * Not thread-safe: a scorecard belongs to one score.
 */
public final class Scorecard {
    private static final int CATEGORIES = Category.values().length;

    private final List<ActivityEvent> events;
    private final List<Adjustment> adjustments = new ArrayList<>();
    private final List<Adjustment> view = Collections.unmodifiableList(adjustments);
    private final int[] onProfile = new int[CATEGORIES];
    private final int[] onEvents = new int[CATEGORIES];
    private int lowIntent;
    private Adjustment firstDisqualifying;
    private List<Adjustment> disqualifying = List.of();

    /** {@code latestFirst}: the events that count, ordered as {@link ActivityEvent#isLaterThan} says, the latest first. */
    public Scorecard(List<ActivityEvent> latestFirst) {
        this.events = Collections.unmodifiableList(latestFirst);
    }

    /** Gives (or takes) the adjustment's points; it becomes a line of the explanation. */
    public void add(Adjustment a) {
        adjustments.add(a);
        int c = a.getCategory().ordinal();
        if (a.getEvent() == null) {
            onProfile[c] += a.getPoints();
        } else {
            onEvents[c] += a.getPoints();
        }
        if (a.isLowIntent() && (a.getCategory() == Category.ENGAGEMENT || a.getCategory() == Category.DECAY)) {
            lowIntent += a.getPoints();
        }
        if (a.isDisqualifying()) {
            if (disqualifying.isEmpty()) {
                disqualifying = new ArrayList<>(2);
            }
            disqualifying.add(a);
            if (firstDisqualifying == null || a.getRule().compareTo(firstDisqualifying.getRule()) < 0) {
                firstDisqualifying = a;
            }
        }
    }

    /** The events that count (up to the as-of instant), the latest first. */
    public List<ActivityEvent> getEvents() { return events; }

    /** Every adjustment so far, in the order given. */
    public List<Adjustment> getAdjustments() { return view; }

    /** The events of one type, the latest first. */
    public List<ActivityEvent> eventsOfType(String type) {
        List<ActivityEvent> out = new ArrayList<>();
        for (ActivityEvent e : events) {
            if (e.getType().equals(type)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The events of either type, the latest first. */
    public List<ActivityEvent> eventsOfType(String type, String orType) {
        List<ActivityEvent> out = new ArrayList<>();
        for (ActivityEvent e : events) {
            if (e.getType().equals(type) || e.getType().equals(orType)) {
                out.add(e);
            }
        }
        return out;
    }

    /** How many events of one type count. */
    public int countOfType(String type) {
        int n = 0;
        for (ActivityEvent e : events) {
            if (e.getType().equals(type)) {
                n++;
            }
        }
        return n;
    }

    /** The latest event of either type; null when there is none. */
    public ActivityEvent latestOfType(String type, String orType) {
        for (ActivityEvent e : events) {
            if (e.getType().equals(type) || e.getType().equals(orType)) {
                return e;
            }
        }
        return null;
    }

    /**
     * The adjustments of {@code category} so far that gave points for an event (points above 0), in
     * the order given: what decay and recency weighting apply to. A copy, so rules may add while
     * they walk it.
     */
    public List<Adjustment> earnedForEvents(Category category) {
        List<Adjustment> out = new ArrayList<>();
        for (Adjustment a : adjustments) {
            if (a.getCategory() == category && a.getPoints() > 0 && a.getEvent() != null) {
                out.add(a);
            }
        }
        return out;
    }

    /** The points of a category, on the profile and on events alike. */
    public int sum(Category category) {
        return onProfile[category.ordinal()] + onEvents[category.ordinal()];
    }

    /** The points of a category given for the profile (no event): profile negatives reduce fit. */
    public int sumOnProfile(Category category) {
        return onProfile[category.ordinal()];
    }

    /** The points of a category given for events: behaviour negatives reduce engagement. */
    public int sumOnEvents(Category category) {
        return onEvents[category.ordinal()];
    }

    /** The engagement and decay points of low-intent behaviours, for the low-intent cap. */
    public int lowIntentPoints() {
        return lowIntent;
    }

    /** A row marked "Disqualifies" gave an adjustment: the band is capped and the lead never qualifies. */
    public boolean isDisqualified() {
        return firstDisqualifying != null;
    }

    /** The disqualifying adjustment with the first rule name (the one a stage names), or null. */
    public Adjustment getFirstDisqualifying() {
        return firstDisqualifying;
    }

    /** Every disqualifying adjustment, in the order given. */
    public List<Adjustment> getDisqualifying() {
        return Collections.unmodifiableList(disqualifying);
    }

    @Override
    public String toString() {
        return adjustments.size() + " adjustments over " + events.size() + " events";
    }
}
