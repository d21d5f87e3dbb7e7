package dev.leadscore.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.leadscore.leads.ScoreChange;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.ActivityEvent;
import dev.leadscore.scoring.Lead;
import dev.leadscore.scoring.ScoringEngine;

/**
 * Works out when passing time next changes a lead's score, so the job visits a lead only then.
 *
 * <p>Rules read time only as the age of events in whole days (ScoringContext), so a score can
 * only change at an event's time plus a whole number of days. With the events fixed, time only
 * ever moves a score one way (points decay, bonuses for recent actions end, inactivity negatives
 * set in), so "differs from the score now" is false up to the first change and true after it,
 * and a binary search finds it: first to the day, then among the event boundaries of that day.
 * Reasons that merely count days ("no activity for 20 days") are not changes: "differs" is
 * {@link ScoreChange}, the definition every re-scoring pass counts changes with.
 */
@ApplicationScoped
public class RescorePlanner {
    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    ScoringEngine engine;
    @Inject
    LifecycleConfig config;

    /** The first instant after {@code now} at which the score differs from the score at {@code now}; null when none within the horizon. */
    public Instant nextChange(Ruleset ruleset, Lead lead, Collection<ActivityEvent> events, Instant now) {
        return events.isEmpty() ? null : nextChange(ruleset, lead, events, now, score(ruleset, lead, events, now));
    }

    /**
     * As {@link #nextChange(Ruleset, Lead, Collection, Instant)}, with the score at {@code now}
     * already known ({@code base}: the lead was just scored), which saves one scoring of the dozen.
     */
    public Instant nextChange(Ruleset ruleset, Lead lead, Collection<ActivityEvent> events, Instant now, ScoreChange base) {
        if (events.isEmpty()) {
            return null;
        }
        int horizon = config.rescore().horizonDays();
        if (base.equals(score(ruleset, lead, events, now.plus(DAY.multipliedBy(horizon))))) {
            return null;
        }
        // smallest whole day k with a different score at now + k days
        int lo = 0;
        int hi = horizon;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (base.equals(score(ruleset, lead, events, now.plus(DAY.multipliedBy(mid))))) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Instant from = now.plus(DAY.multipliedBy(lo));
        Instant to = now.plus(DAY.multipliedBy(hi));
        List<Instant> boundaries = new ArrayList<>(boundaries(events, from, to));
        int a = 0;
        int b = boundaries.size() - 1;
        Instant first = to;
        while (a <= b) {
            int mid = (a + b) >>> 1;
            if (base.equals(score(ruleset, lead, events, boundaries.get(mid)))) {
                a = mid + 1;
            } else {
                first = boundaries.get(mid);
                b = mid - 1;
            }
        }
        return first;
    }

    /** Event time plus whole days, inside (from, to]. */
    static TreeSet<Instant> boundaries(Collection<ActivityEvent> events, Instant from, Instant to) {
        TreeSet<Instant> out = new TreeSet<>();
        long dayMillis = DAY.toMillis();
        for (ActivityEvent e : events) {
            long t = e.getOccurredAt().toEpochMilli();
            long sinceEvent = from.toEpochMilli() - t;
            long n = sinceEvent < 0 ? 1 : sinceEvent / dayMillis + 1;
            Instant candidate = e.getOccurredAt().plus(DAY.multipliedBy(n));
            while (!candidate.isAfter(to)) {
                if (candidate.isAfter(from)) {
                    out.add(candidate);
                }
                candidate = candidate.plus(DAY);
            }
        }
        return out;
    }

    private ScoreChange score(Ruleset ruleset, Lead lead, Collection<ActivityEvent> events, Instant at) {
        return ScoreChange.of(engine.score(ruleset, lead, events, at));
    }
}
