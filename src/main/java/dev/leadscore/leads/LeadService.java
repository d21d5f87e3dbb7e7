package dev.leadscore.leads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.leadscore.api.LeadIds;
import dev.leadscore.api.ProblemException;
import dev.leadscore.scoring.Ruleset;
import dev.leadscore.scoring.ActiveRulesets;
import dev.leadscore.scoring.StoredLeads;
import dev.leadscore.scoring.ScoreResult;
import dev.leadscore.scoring.ScoredAdjustment;
import dev.leadscore.scoring.ScoringEngine;
import dev.leadscore.scoring.Stage;
import dev.leadscore.security.LeadAccess;
import io.quarkus.panache.common.Sort;
import org.hibernate.jpa.HibernateHints;

/**
 * Stores what integrations send about a lead and keeps its score current. Every write locks the
 * lead's row first, so concurrent writers to one lead (threads or instances) are applied one
 * after the other and none is lost.
 */
@ApplicationScoped
@Transactional
public class LeadService implements StoredLeads {

    @Inject
    ActiveRulesets rulesets;
    @Inject
    ScoringEngine engine;
    @Inject
    Clock clock;
    @Inject
    InputCheck inputCheck;
    @Inject
    EntityManager em;
    @Inject
    Event<LeadScored> scored;
    @Inject
    Event<LeadsLocked> lockedPage;
    @Inject
    LeadAccess access;

    /** The outcome of an event batch: the score after it, and how many events were new. */
    public record Ingested(ScoreView score, int accepted, int duplicates) {
    }

    public ScoreView upsert(String leadId, LeadProfile profile) {
        inputCheck.leadId(leadId);
        if (profile == null) {
            throw ProblemException.badRequest("A lead profile is required as the body", null);
        }
        inputCheck.collector().profile(profile, "").throwIfAny();
        String model = profile.model() != null ? rulesets.require(profile.model()).model() : null;
        Instant now = clock.instant();
        insertIfAbsent(leadId, model != null ? model : rulesets.defaultModel(), access.ownerOfNewLead(profile.source()), false);
        LeadRecord lead = lock(leadId);
        lead.profile = profile.withoutModel();
        lead.anonymous = false;
        if (model != null) {
            lead.model = model;
        }
        lead.updatedAt = now;
        return rescore(lead, "profile updated");
    }

    /**
     * Changes part of a lead's profile, as a CDP or CRM reports a few fields at a time, creating
     * the lead first when it does not exist. {@code identifies}: the change makes the lead a known
     * person (a profile arrived); otherwise an anonymous visitor stays anonymous (its account, say).
     */
    public ScoreView updateProfile(String leadId, UnaryOperator<LeadProfile> change, boolean identifies) {
        inputCheck.leadId(leadId);
        insertIfAbsent(leadId, rulesets.defaultModel(), access.ownerOfNewLead(null), !identifies);
        LeadRecord lead = lock(leadId);
        LeadProfile next = change.apply(lead.profile);
        inputCheck.collector().profile(next, "").throwIfAny();
        lead.profile = next.withoutModel();
        lead.anonymous &= !identifies;
        lead.updatedAt = clock.instant();
        return rescore(lead, "profile updated");
    }

    public Ingested ingest(String leadId, List<EventInput> events) {
        inputCheck.leadId(leadId);
        if (events == null || events.isEmpty()) {
            throw ProblemException.badRequest("Send one event object or a non-empty array of events", null);
        }
        inputCheck.collector().events(events).throwIfAny();
        LeadRecord lead = lockOrCreateAnonymous(leadId);
        Map<String, EventInput> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.id(), e));
        Set<String> stored = em.createQuery(
                "select e.eventId from EventRecord e where e.leadId = :lead and e.eventId in :ids", String.class)
                .setParameter("lead", leadId).setParameter("ids", byId.keySet())
                .getResultStream().collect(Collectors.toSet());
        Instant now = clock.instant();
        int accepted = 0;
        for (EventInput e : byId.values()) {
            if (!stored.contains(e.id())) {
                EventRecord.of(leadId, e, now).persist();
                accepted++;
            }
        }
        if (accepted > 0) {
            em.flush();
        }
        ScoreView score = accepted > 0 ? rescore(lead, accepted + " new event(s)") : latest(lead);
        return new Ingested(score, accepted, events.size() - accepted);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ScoreView score(String leadId, Instant asOf) {
        LeadRecord lead = find(leadId);
        if (asOf == null) {
            return latest(lead);
        }
        ScoreResult result = engine.score(rulesets.require(lead.model), lead.profile.toFact(lead.id), events(lead.id), asOf);
        return ScoreView.of(lead.id, result, clock.instant(), before(lead.mqlAt, asOf), before(lead.pqlAt, asOf));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ScoreView> history(String leadId, int page, int size) {
        LeadRecord lead = find(leadId);
        var query = ScoreRecord.<ScoreRecord>find("leadId", Sort.descending("scoredAt", "id"), leadId);
        List<ScoreView> items = query.page(page, size).list().stream().map(s -> ScoreView.of(s, lead)).toList();
        return new Page<>(items, page, size, query.count());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<EventRecord.View> events(String leadId, int page, int size) {
        find(leadId);
        var query = EventRecord.<EventRecord>find("leadId", Sort.descending("occurredAt", "id"), leadId);
        List<EventRecord.View> items = query.page(page, size).list().stream().map(EventRecord::view).toList();
        return new Page<>(items, page, size, query.count());
    }

    /** Scores without storing anything. */
    @Transactional(Transactional.TxType.NEVER)
    public ScoreView scoreStateless(ScoreRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("A body {model?, asOf?, lead, events?} is required", null);
        }
        InputCheck.Collector check = inputCheck.collector().check(request, "");
        if (request.lead() != null) {
            check.attributes(request.lead().attributes(), "lead");
        }
        check.throwIfAny();
        String model = request.model() != null ? request.model()
                : request.lead().model() != null ? request.lead().model() : rulesets.defaultModel();
        Ruleset ruleset = rulesets.require(model);
        Instant asOf = request.asOf() != null ? request.asOf() : clock.instant();
        List<dev.leadscore.scoring.ActivityEvent> facts = request.events() == null ? List.of()
                : dedupe(request.events()).stream().map(EventInput::toFact).toList();
        ScoreResult result = engine.score(ruleset, request.lead().toFact(null), facts, asOf);
        return ScoreView.of(null, result, clock.instant(),
                Stage.isMql(result.stage()) ? asOf : null,
                Stage.PQL.equals(result.stage()) ? asOf : null);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredLead> storedLeads(String model, String afterId, int limit) {
        List<LeadRecord> leads = LeadRecord.<LeadRecord>find("model = ?1 and id > ?2", Sort.ascending("id"), model,
                afterId == null ? "" : afterId).page(0, limit).list();
        if (leads.isEmpty()) {
            return List.of();
        }
        Map<String, List<dev.leadscore.scoring.ActivityEvent>> events = eventsOf(leads.stream().map(l -> l.id).toList());
        return leads.stream().map(l -> new StoredLead(l.id, l.profile.toFact(l.id), events.getOrDefault(l.id, List.of())))
                .toList();
    }

    /**
     * A page of stored leads, locked, with their events and latest scores: what each re-scoring
     * path (the bulk re-score, the re-score after a publish, the time-driven job) works on, loaded
     * in three queries whatever the page's size, so the inserts of the page can go to the database
     * in JDBC batches.
     */
    public record LockedPage(List<LeadRecord> leads, Map<String, List<dev.leadscore.scoring.ActivityEvent>> events,
            Map<Long, ScoreRecord> latest) {
        public List<dev.leadscore.scoring.ActivityEvent> eventsOf(String leadId) {
            return events.getOrDefault(leadId, List.of());
        }

        public ScoreRecord latestOf(LeadRecord lead) {
            return lead.latestScoreId == null ? null : latest.get(lead.latestScoreId);
        }
    }

    /** Up to {@code limit} lead ids after {@code afterId} (null: from the start), of {@code model} (null: all), in key order; no locks. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> leadIds(String model, String afterId, int limit) {
        var query = em.createQuery("select l.id from LeadRecord l where l.id > :after"
                + (model == null ? "" : " and l.model = :model") + " order by l.id", String.class)
                .setParameter("after", afterId == null ? "" : afterId)
                .setMaxResults(limit);
        if (model != null) {
            query.setParameter("model", model);
        }
        return query.getResultList();
    }

    /**
     * Locks the leads {@code ids} (those that still exist) in key order and loads their events
     * and latest scores; events and scores are read-only. Observers of {@link LeadsLocked} load
     * their own rows of these leads at the same time.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public LockedPage lockPage(List<String> ids) {
        if (ids.isEmpty()) {
            return new LockedPage(List.of(), Map.of(), Map.of());
        }
        List<LeadRecord> page = em.createQuery("from LeadRecord l where l.id in :ids order by l.id", LeadRecord.class)
                .setParameter("ids", ids)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        Map<String, List<dev.leadscore.scoring.ActivityEvent>> events = eventsOf(ids);
        List<Long> latestIds = page.stream().map(l -> l.latestScoreId).filter(Objects::nonNull).toList();
        Map<Long, ScoreRecord> latest = latestIds.isEmpty() ? Map.of()
                : em.createQuery("from ScoreRecord s where s.id in :ids", ScoreRecord.class).setParameter("ids", latestIds)
                        .setHint(HibernateHints.HINT_READ_ONLY, true)
                        .getResultStream().collect(Collectors.toMap(s -> s.id, s -> s));
        lockedPage.fire(new LeadsLocked(page));
        return new LockedPage(page, events, latest);
    }

    /**
     * Re-scores a lead of a locked page as of now under its model's active ruleset, storing a
     * new score only when it says anything new; returns the lead's current score record (the
     * previous one when nothing changed, null for a lead without a profile or a score).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ScoreRecord rescore(LockedPage page, LeadRecord lead, String cause) {
        if (lead.profile == null) {
            return page.latestOf(lead);
        }
        return rescore(lead, page.eventsOf(lead.id), page.latestOf(lead), cause);
    }

    /** The stored events of the leads {@code ids} as rules facts, by lead; read-only. */
    private Map<String, List<dev.leadscore.scoring.ActivityEvent>> eventsOf(List<String> ids) {
        Map<String, List<dev.leadscore.scoring.ActivityEvent>> events = new HashMap<>();
        em.createQuery("from EventRecord e where e.leadId in :ids", EventRecord.class).setParameter("ids", ids)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultStream()
                .forEach(e -> events.computeIfAbsent(e.leadId, id -> new ArrayList<>()).add(e.toFact()));
        return events;
    }

    /** How many leads are stored for {@code model}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long countLeads(String model) {
        return LeadRecord.count("model", model);
    }

    /**
     * Scores the lead as of now under its model's active ruleset and stores the result when it
     * says anything new. The caller holds the lead's row lock.
     */
    ScoreView rescore(LeadRecord lead, String cause) {
        ScoreRecord previous = lead.latestScoreId == null ? null : ScoreRecord.findById(lead.latestScoreId);
        return ScoreView.of(rescore(lead, events(lead.id), previous, cause), lead);
    }

    /**
     * {@link #rescore(LeadRecord, String)} with the lead's events and latest stored score already
     * loaded, as the bulk paths do for a whole chunk of leads at once. Returns the lead's current
     * score record: a new one if something changed, else {@code previous}.
     */
    ScoreRecord rescore(LeadRecord lead, List<dev.leadscore.scoring.ActivityEvent> events, ScoreRecord previous,
            String cause) {
        Instant now = clock.instant();
        ScoreResult result = engine.score(rulesets.require(lead.model), lead.profile.toFact(lead.id), events, now);
        String fingerprint = fingerprint(result);
        if (previous != null && previous.fingerprint.equals(fingerprint)) {
            return previous;
        }
        ScoreRecord stored = store(lead, result, now, cause, fingerprint);
        if (Stage.isMql(result.stage()) && lead.mqlAt == null) {
            lead.mqlAt = now;
        }
        if (Stage.PQL.equals(result.stage()) && lead.pqlAt == null) {
            lead.pqlAt = now;
        }
        lead.lastActivityAt = result.lastActivityAt();
        lead.latestScoreId = stored.id;
        scored.fire(new LeadScored(lead, previous, stored, result));
        return stored;
    }

    private ScoreRecord store(LeadRecord lead, ScoreResult result, Instant now, String cause, String fingerprint) {
        ScoreRecord s = new ScoreRecord();
        s.leadId = lead.id;
        s.model = result.model();
        s.rulesetVersion = result.rulesetVersion();
        s.asOf = result.asOf();
        s.scoredAt = now;
        s.fit = result.fit();
        s.engagement = result.engagement();
        s.total = result.total();
        s.band = result.band();
        s.stage = result.stage();
        s.lastActivityAt = result.lastActivityAt();
        s.activation = result.activation();
        s.existingCustomer = result.existingCustomer();
        s.cause = cause;
        s.fingerprint = fingerprint;
        s.workings = result.workings();
        int position = 0;
        for (ScoredAdjustment a : result.adjustments()) {
            AdjustmentRecord r = new AdjustmentRecord();
            r.score = s;
            r.position = position++;
            r.category = a.category();
            r.rule = a.rule();
            r.points = a.points();
            r.reason = a.reason();
            r.source = a.source();
            r.eventId = a.eventId();
            r.occurredAt = a.occurredAt();
            s.adjustments.add(r);
        }
        s.persist();
        return s;
    }

    /** Everything a score says except when it was computed; equal fingerprints mean nothing changed. */
    static String fingerprint(ScoreResult r) {
        StringBuilder s = new StringBuilder()
                .append(r.model()).append('|').append(r.rulesetVersion()).append('|').append(r.fit()).append('|')
                .append(r.engagement()).append('|').append(r.total()).append('|').append(r.band()).append('|')
                .append(r.stage()).append('|').append(r.lastActivityAt()).append('|').append(r.activation())
                .append('|').append(r.existingCustomer());
        for (ScoredAdjustment a : r.adjustments()) {
            s.append('\n').append(a.category()).append('|').append(a.rule()).append('|').append(a.points())
                    .append('|').append(a.reason()).append('|').append(a.source()).append('|').append(a.eventId());
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lead fact the rules see for a stored lead. */
    public dev.leadscore.scoring.Lead factOf(LeadRecord lead) {
        return lead.profile.toFact(lead.id);
    }

    private ScoreView latest(LeadRecord lead) {
        if (lead.latestScoreId == null) {
            throw ProblemException.notFound("Lead '" + lead.id + "' has no score yet");
        }
        return ScoreView.of(ScoreRecord.findById(lead.latestScoreId), lead);
    }

    private List<dev.leadscore.scoring.ActivityEvent> events(String leadId) {
        // read-only: scoring never changes an event, so the flush need not compare each one's JSON
        return EventRecord.<EventRecord>find("leadId", leadId).withHint(HibernateHints.HINT_READ_ONLY, true)
                .stream().map(EventRecord::toFact).toList();
    }

    private static List<EventInput> dedupe(List<EventInput> events) {
        Map<String, EventInput> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.id(), e));
        return List.copyOf(byId.values());
    }

    private static Instant before(Instant t, Instant asOf) {
        return t != null && !t.isAfter(asOf) ? t : null;
    }

    /**
     * Locks the lead, creating it first when it does not exist yet: events of an unknown id are
     * kept as an anonymous visitor with an empty profile (scored with no fit) until a profile
     * arrives or the visitor is merged into a known lead.
     */
    LeadRecord lockOrCreateAnonymous(String leadId) {
        insertIfAbsent(leadId, rulesets.defaultModel(), access.ownerOfNewLead(null), true);
        return lock(leadId);
    }

    /** Creates the lead with an empty profile unless it exists, without a race between two first writers. */
    private void insertIfAbsent(String leadId, String model, String owner, boolean anonymous) {
        em.createNativeQuery("insert into lead (id, model, profile, created_at, updated_at, version, owner, anonymous) "
                + "values (?1, ?2, cast('{}' as jsonb), ?3, ?3, 0, ?4, ?5) on conflict (id) do nothing")
                .setParameter(1, leadId)
                .setParameter(2, model)
                .setParameter(3, clock.instant())
                .setParameter(4, owner)
                .setParameter(5, anonymous)
                .executeUpdate();
    }

    private LeadRecord lock(String leadId) {
        LeadRecord lead = LeadRecord.findById(leadId, LockModeType.PESSIMISTIC_WRITE);
        if (lead == null) {
            throw LeadIds.unknown(leadId);
        }
        access.requireVisible(leadId, lead.owner);
        return lead;
    }

    private LeadRecord find(String leadId) {
        inputCheck.leadId(leadId);
        LeadRecord lead = LeadRecord.findById(leadId);
        if (lead == null) {
            throw LeadIds.unknown(leadId);
        }
        access.requireVisible(leadId, lead.owner);
        return lead;
    }
}
