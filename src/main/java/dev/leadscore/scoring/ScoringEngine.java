package dev.leadscore.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

import dev.leadscore.scoring.table.ModelTables;
import dev.leadscore.scoring.table.TableRow;

/**
 * Scores one lead: matches the model's table rows against the profile and the events up to the
 * as-of instant in one pass (plain Java: the rows are data), puts the points they give on a
 * {@link Scorecard}, asserts the settings, the as-of instant, the profile and the scorecard into an
 * empty session of the ruleset's KIE base, fires the model's rules (decay, caps, subtotals, band,
 * stage: they add to the scorecard and derive a handful of facts, not one per event) and reads back
 * the result and its explanation once. Safe to share between threads.
 *
 * <p>Sessions come from a pool per KIE base and are reset when handed back, which saves
 * allocating the node memories of every rule on each score (see docs/performance.md).
 */
public final class ScoringEngine {
    /** A model whose rules keep re-activating each other is stopped here rather than spinning. */
    static final int MAX_RULE_FIRINGS = 100_000;
    /** Pools kept for the most recently used KIE bases; older versions' pools are dropped with them. */
    private static final int POOLED_KIE_BASES = 8;

    private final Map<KieBase, Pool> pools = Collections.synchronizedMap(
            new LinkedHashMap<>(POOLED_KIE_BASES * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<KieBase, Pool> eldest) {
                    return size() > POOLED_KIE_BASES;
                }
            });

    /**
     * The sessions of one KIE base, and whether its rules match {@code Setting} facts (rules written
     * before settings were read from the {@link ScoringContext}): only then is one inserted per setting.
     */
    private record Pool(KieSessionsPool sessions, boolean settingFacts) {
    }

    private Pool pool(Ruleset ruleset) {
        // computeIfAbsent on the synchronized wrapper holds its lock: one pool per base, built once
        return pools.computeIfAbsent(ruleset.kieBase(), kb -> new Pool(kb.newKieSessionsPool(1),
                Setting.readAsFacts(ruleset.compiledDrl().values())));
    }

    public ScoreResult score(Ruleset ruleset, Lead lead, Collection<ActivityEvent> events, Instant asOf) {
        ModelTables tables = ruleset.tables();
        ScoringContext context = new ScoringContext(asOf, tables.settingValues());
        List<ActivityEvent> counted = latestFirst(events, asOf);
        Instant lastActivity = counted.isEmpty() ? null : counted.get(0).getOccurredAt();
        // the table rows, in one pass over the events: data, matched in Java, before any rule fires
        Scorecard card = new Scorecard(counted);
        TableRow customerRow = tables.applyTo(lead, context, card);
        Pool pool = pool(ruleset);
        KieSession session = pool.sessions().newKieSession();
        try {
            session.setGlobal("tables", tables);
            if (pool.settingFacts()) {
                for (Setting s : tables.getSettings()) {
                    session.insert(s);
                }
            }
            session.insert(context);
            session.insert(lead);
            session.insert(card);
            if (customerRow != null) {
                session.insert(new ExistingCustomer(customerRow.getName()));
            }
            int fired = session.fireAllRules(MAX_RULE_FIRINGS);
            if (fired >= MAX_RULE_FIRINGS) {
                throw new ScoringException("Model '" + ruleset.model() + "' version " + ruleset.version()
                        + " fired " + fired + " rules without settling; a rule keeps re-activating itself");
            }
            return collect(ruleset, session, card, asOf, lastActivity);
        } finally {
            session.dispose(); // resets the session and hands it back to the pool
        }
    }

    /** Reads the outcome once the rules have settled: the few derived facts, and the scorecard's adjustments as the explanation. */
    private static ScoreResult collect(Ruleset ruleset, KieSession session, Scorecard card, Instant asOf,
            Instant lastActivity) {
        Subtotal fit = null;
        Subtotal engagement = null;
        Subtotal total = null;
        Band band = null;
        Stage stage = null;
        Activation activation = null;
        ExistingCustomer existingCustomer = null;
        for (Object o : session.getObjects()) {
            if (o instanceof Subtotal s) {
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
        Workings workings = new Workings(fit.getWorkings(), engagement.getWorkings(), total.getWorkings(),
                Workings.band(band), stage.getWorkings(), Workings.existingCustomer(existingCustomer),
                activation == null ? null : activation.getWorkings());
        return new ScoreResult(ruleset.model(), ruleset.version(), asOf, fit.getValue(), engagement.getValue(),
                total.getValue(), band.getName(), stage.getName(), lastActivity, explanation(ruleset, card),
                workings, activation == null ? null : activation.getStatus(), existingCustomer != null);
    }

    /**
     * All of {@code events}, the latest first, as a score counts them (unmodifiable): a list kept
     * in this order is scored without reordering.
     */
    public static List<ActivityEvent> latestFirst(Collection<ActivityEvent> events) {
        return Collections.unmodifiableList(latestFirst(events, Instant.MAX));
    }

    /**
     * The events up to {@code asOf}, the latest first: by time, then by id, as
     * {@link ActivityEvent#isLaterThan} orders events.
     */
    static List<ActivityEvent> latestFirst(Collection<ActivityEvent> events, Instant asOf) {
        ActivityEvent[] counted = new ActivityEvent[events.size()];
        int n = 0;
        for (ActivityEvent e : events) {
            if (!e.getOccurredAt().isAfter(asOf)) {
                counted[n++] = e;
            }
        }
        long[] seconds = new long[n];
        int[] nanos = new int[n];
        for (int i = 0; i < n; i++) {
            seconds[i] = counted[i].getOccurredAt().getEpochSecond();
            nanos[i] = counted[i].getOccurredAt().getNano();
        }
        int[] order = new IndexSort() {
            @Override
            int compare(int i, int j) {
                int c = Long.compare(seconds[j], seconds[i]);
                if (c == 0) {
                    c = Integer.compare(nanos[j], nanos[i]);
                }
                return c != 0 ? c : counted[j].getId().compareTo(counted[i].getId());
            }
        }.sorted(n);
        List<ActivityEvent> out = new ArrayList<>(n);
        for (int i : order) {
            out.add(counted[i]);
        }
        return out;
    }

    /** Every adjustment that gives or takes points, with where its rule is written, in the order the explanation shows. */
    private static List<ScoredAdjustment> explanation(Ruleset ruleset, Scorecard card) {
        List<Adjustment> given = card.getAdjustments();
        ScoredAdjustment[] lines = new ScoredAdjustment[given.size()];
        int n = 0;
        Map<String, String> sources = new HashMap<>();
        for (Adjustment a : given) {
            if (a.getPoints() != 0) {
                String rule = a.getRule();
                String source = sources.get(rule);
                if (source == null && !sources.containsKey(rule)) {
                    RuleSource s = ruleset.sourceOf(rule);
                    source = s == null ? null : s.reference();
                    sources.put(rule, source);
                }
                lines[n++] = new ScoredAdjustment(a.getCategory(), rule, a.getPoints(), a.getReason(), source,
                        a.getEventId(), a.getOccurredAt());
            }
        }
        ScoredAdjustment[] ordered = new ScoredAdjustment[n];
        int i = 0;
        for (int line : explanationOrder(lines, n)) {
            ordered[i++] = lines[line];
        }
        return Collections.unmodifiableList(Arrays.asList(ordered));
    }

    /**
     * The order of the explanation: by category, then the latest event first (profile lines before
     * event lines), rule, event id, points.
     */
    private static int[] explanationOrder(ScoredAdjustment[] lines, int n) {
        long[] seconds = new long[n];
        int[] nanos = new int[n];
        for (int i = 0; i < n; i++) {
            Instant t = lines[i].occurredAt();
            if (t != null) {
                seconds[i] = t.getEpochSecond();
                nanos[i] = t.getNano();
            }
        }
        return new IndexSort() {
            @Override
            int compare(int i, int j) {
                ScoredAdjustment a = lines[i];
                ScoredAdjustment b = lines[j];
                int c = a.category().compareTo(b.category());
                if (c != 0) {
                    return c;
                }
                if (a.occurredAt() == null || b.occurredAt() == null) {
                    c = a.occurredAt() == null ? (b.occurredAt() == null ? 0 : -1) : 1; // profile lines first
                } else {
                    c = Long.compare(seconds[j], seconds[i]); // the latest first
                    if (c == 0) {
                        c = Integer.compare(nanos[j], nanos[i]);
                    }
                }
                if (c != 0) {
                    return c;
                }
                c = a.rule().compareTo(b.rule());
                if (c != 0) {
                    return c;
                }
                if (a.eventId() == null || b.eventId() == null) {
                    c = a.eventId() == null ? (b.eventId() == null ? 0 : -1) : 1;
                } else {
                    c = a.eventId().compareTo(b.eventId());
                }
                return c != 0 ? c : Integer.compare(a.points(), b.points());
            }
        }.sorted(n);
    }

    private static String total(Subtotal total) {
        return total == null ? "?" : Integer.toString(total.getValue());
    }

    private static ScoringException incomplete(Ruleset ruleset, String what) {
        return new ScoringException("Model '" + ruleset.model() + "' version " + ruleset.version() + ": " + what);
    }
}
