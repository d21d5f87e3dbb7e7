package dev.leadscore.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;


/**
 * Scores one lead: asserts the profile, the events up to the as-of instant and the as-of
 * instant itself into an empty session of the ruleset's KIE base, fires the rules and reads back
 * the adjustments, subtotals, band and stage they derived. Safe to share between threads.
 *
 * <p>Sessions come from a pool per KIE base and are reset when handed back, which saves
 * allocating the node memories of every rule on each score (see docs/performance.md).
 */
public final class ScoringEngine {
    /** A model whose rules keep re-activating each other is stopped here rather than spinning. */
    static final int MAX_RULE_FIRINGS = 100_000;
    /** Pools kept for the most recently used KIE bases; older versions' pools are dropped with them. */
    private static final int POOLED_KIE_BASES = 8;

    private final Map<KieBase, KieSessionsPool> pools = Collections.synchronizedMap(
            new LinkedHashMap<>(POOLED_KIE_BASES * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<KieBase, KieSessionsPool> eldest) {
                    return size() > POOLED_KIE_BASES;
                }
            });

    private KieSession newSession(KieBase kieBase) {
        // computeIfAbsent on the synchronized wrapper holds its lock: one pool per base, built once
        return pools.computeIfAbsent(kieBase, kb -> kb.newKieSessionsPool(1)).newKieSession();
    }

    private static final Comparator<ScoredAdjustment> EXPLANATION_ORDER = Comparator
            .comparing(ScoredAdjustment::category)
            .thenComparing(ScoredAdjustment::occurredAt, Comparator.nullsFirst(Comparator.reverseOrder()))
            .thenComparing(ScoredAdjustment::rule)
            .thenComparing(ScoredAdjustment::eventId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(ScoredAdjustment::points);

    public ScoreResult score(Ruleset ruleset, Lead lead, Collection<ActivityEvent> events, Instant asOf) {
        KieSession session = newSession(ruleset.kieBase());
        Instant lastActivity = null;
        try {
            session.setGlobal("tables", ruleset.tables());
            for (Setting s : ruleset.tables().getSettings()) {
                session.insert(s);
            }
            session.insert(new ScoringContext(asOf));
            session.insert(lead);
            for (ActivityEvent e : events) {
                if (!e.getOccurredAt().isAfter(asOf)) {
                    session.insert(e);
                    if (lastActivity == null || e.getOccurredAt().isAfter(lastActivity)) {
                        lastActivity = e.getOccurredAt();
                    }
                }
            }
            int fired = session.fireAllRules(MAX_RULE_FIRINGS);
            if (fired >= MAX_RULE_FIRINGS) {
                throw new ScoringException("Model '" + ruleset.model() + "' version " + ruleset.version()
                        + " fired " + fired + " rules without settling; a rule keeps re-activating itself");
            }
            return collect(ruleset, session, asOf, lastActivity);
        } finally {
            session.dispose(); // resets the session and hands it back to the pool
        }
    }

    private static ScoreResult collect(Ruleset ruleset, KieSession session, Instant asOf, Instant lastActivity) {
        List<ScoredAdjustment> adjustments = new ArrayList<>();
        Subtotal fit = null;
        Subtotal engagement = null;
        Subtotal total = null;
        Band band = null;
        Stage stage = null;
        Activation activation = null;
        ExistingCustomer existingCustomer = null;
        for (Object o : session.getObjects()) {
            if (o instanceof Adjustment a) {
                if (a.getPoints() != 0) {
                    RuleSource source = ruleset.sourceOf(a.getRule());
                    adjustments.add(new ScoredAdjustment(a.getCategory(), a.getRule(), a.getPoints(), a.getReason(),
                            source == null ? null : source.reference(), a.getEventId(), a.getOccurredAt()));
                }
            } else if (o instanceof Subtotal s) {
                switch (s.getName()) {
                    case Subtotal.FIT -> fit = s;
                    case Subtotal.ENGAGEMENT -> engagement = s;
                    case Subtotal.TOTAL -> total = s;
                    default -> { }
                }
            } else if (o instanceof Band b) {
                if (band != null) {
                    throw incomplete(ruleset, "two band rows match total " + total(total) + " ('" + band.getRule()
                            + "' and '" + b.getRule() + "'): the bands must not overlap");
                }
                band = b;
            } else if (o instanceof Stage s) {
                stage = s;
            } else if (o instanceof Activation a) {
                activation = a;
            } else if (o instanceof ExistingCustomer c) {
                existingCustomer = c;
            }
        }
        if (fit == null || engagement == null || total == null) {
            throw incomplete(ruleset, "no fit, engagement and total subtotals were derived; is a setting the rules need missing?");
        }
        if (band == null) {
            throw incomplete(ruleset, "no band row matches total " + total.getValue() + ": the bands must cover 0-100");
        }
        if (stage == null) {
            throw incomplete(ruleset, "no stage was derived; is a setting the stage rules need missing?");
        }
        adjustments.sort(EXPLANATION_ORDER);
        List<String> workings = new ArrayList<>(List.of(fit.getWorkings(), engagement.getWorkings(), total.getWorkings(),
                "band " + band.getName() + " (rule '" + band.getRule() + "')", stage.getWorkings()));
        if (existingCustomer != null) {
            workings.add("existing customer (rule '" + existingCustomer.getRule() + "'): not new business");
        }
        if (activation != null) {
            workings.add(activation.getWorkings());
        }
        return new ScoreResult(ruleset.model(), ruleset.version(), asOf, fit.getValue(), engagement.getValue(),
                total.getValue(), band.getName(), stage.getName(), lastActivity, List.copyOf(adjustments),
                List.copyOf(workings), activation == null ? null : activation.getStatus(), existingCustomer != null);
    }

    private static String total(Subtotal total) {
        return total == null ? "?" : Integer.toString(total.getValue());
    }

    private static ScoringException incomplete(Ruleset ruleset, String what) {
        return new ScoringException("Model '" + ruleset.model() + "' version " + ruleset.version() + ": " + what);
    }
}
