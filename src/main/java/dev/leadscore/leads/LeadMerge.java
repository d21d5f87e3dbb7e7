package dev.leadscore.leads;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.leadscore.api.LeadIds;
import dev.leadscore.api.ProblemException;
import dev.leadscore.security.LeadAccess;

/**
 * Merges leads into one: an anonymous visitor identified as a known lead, or two records a CRM
 * found to be one person. Every event moves to the surviving lead once (an event id it already
 * has is not moved twice), outcomes and stage changes follow, the merged ids stop existing, the
 * survivor is re-scored, and a merge involving a known lead is announced.
 */
@ApplicationScoped
@Transactional
public class LeadMerge {
    static final int MAX_IDS = 100;

    @Inject
    EntityManager em;
    @Inject
    InputCheck inputCheck;
    @Inject
    LeadAccess access;
    @Inject
    LeadLocks locks;
    @Inject
    LeadScorer scorer;
    @Inject
    LeadEventCache eventCache;
    @Inject
    LeadErasure erasure;
    @Inject
    Event<LeadsMerged> merged;

    /** What a merge did: ids merged, ids that did not exist (already merged, or never seen), events moved. */
    public record Merged(String leadId, List<String> merged, List<String> unknown, int eventsMoved, ScoreView score) {
    }

    /** The body of POST /api/leads/{id}/merge. */
    public record MergeRequest(List<String> ids) {
    }

    /**
     * Merges {@code ids} into {@code intoId}. When {@code createInto}, a missing {@code intoId} is
     * created as an anonymous visitor first (an identify or alias naming an id seen for the first
     * time); otherwise it must exist. Merging an id that no longer exists does nothing, so a
     * re-delivered merge is harmless.
     */
    public Merged merge(String intoId, List<String> ids, boolean createInto) {
        inputCheck.leadId(intoId);
        if (ids == null || ids.isEmpty() || ids.size() > MAX_IDS) {
            throw ProblemException.invalidField("ids", "must list 1 to " + MAX_IDS + " lead ids to merge into " + intoId);
        }
        Set<String> sources = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (!LeadIds.valid(id)) {
                throw ProblemException.invalidField("ids[" + i + "]", "is not a lead id");
            }
            if (!id.equals(intoId)) {
                sources.add(id);
            }
        }
        if (createInto) {
            locks.lockOrCreateAnonymous(intoId);
        }
        List<String> all = new ArrayList<>(sources);
        all.add(intoId);
        // every path that locks several leads locks them in key order
        List<LeadRecord> locked = em.createQuery("from LeadRecord l where l.id in :ids order by l.id", LeadRecord.class)
                .setParameter("ids", all).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        LeadRecord into = locked.stream().filter(l -> l.id.equals(intoId)).findFirst()
                .orElseThrow(() -> LeadIds.unknown(intoId));
        locked.forEach(l -> access.requireVisible(l.id, l.owner));

        List<String> mergedIds = new ArrayList<>();
        boolean knownMerged = false;
        int moved = 0;
        for (LeadRecord source : locked) {
            if (source == into) {
                continue;
            }
            if (into.anonymous && !source.anonymous) {
                // the visitor turns out to be a known person: the survivor takes the known profile
                into.profile = source.profile;
                into.model = source.model;
                into.anonymous = false;
            }
            knownMerged |= !source.anonymous;
            moved += moveRecords(source.id, intoId);
            erasure.remove(source);
            mergedIds.add(source.id);
        }
        List<String> unknown = sources.stream().filter(id -> !mergedIds.contains(id)).toList();
        if (mergedIds.isEmpty() && into.latestScoreId != null) {
            return new Merged(intoId, List.of(), unknown, 0, LeadReads.latest(into));
        }
        em.flush();
        // events moved in: the survivor's cached events (of any instance) are stale from here
        eventCache.forget(intoId);
        ScoreView score = ScoreView.of(scorer.eventsChanged(into, eventCache.events(into),
                mergedIds.isEmpty() ? "identified" : "merged " + String.join(", ", mergedIds)), into);
        if (!mergedIds.isEmpty()) {
            merged.fire(new LeadsMerged(into, List.copyOf(mergedIds), knownMerged, ScoreRecord.findById(into.latestScoreId)));
        }
        return new Merged(intoId, mergedIds, unknown, moved, score);
    }

    /** Moves events the survivor does not have yet, outcomes and stage changes; returns the number of events moved. */
    private int moveRecords(String from, String to) {
        int events = em.createNativeQuery("update lead_event e set lead_id = ?2 where e.lead_id = ?1 and not exists "
                + "(select 1 from lead_event t where t.lead_id = ?2 and t.event_id = e.event_id)")
                .setParameter(1, from).setParameter(2, to).executeUpdate();
        em.createNativeQuery("update crm_outcome set lead_id = ?2 where lead_id = ?1").setParameter(1, from)
                .setParameter(2, to).executeUpdate();
        em.createNativeQuery("update stage_change set lead_id = ?2 where lead_id = ?1").setParameter(1, from)
                .setParameter(2, to).executeUpdate();
        // messages naming the merged id (or ids merged into it before) now reach the survivor
        em.createNativeQuery("update lead_alias set lead_id = ?2 where lead_id = ?1").setParameter(1, from)
                .setParameter(2, to).executeUpdate();
        em.createNativeQuery("insert into lead_alias (alias, lead_id) values (?1, ?2) on conflict (alias) do update set lead_id = ?2")
                .setParameter(1, from).setParameter(2, to).executeUpdate();
        em.createNativeQuery("update ingest_receipt set lead_id = ?2 where lead_id = ?1").setParameter(1, from)
                .setParameter(2, to).executeUpdate();
        return events;
    }
}
