package dev.leadscore.lifecycle;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.leadscore.leads.LeadsMerged;

/**
 * Announces merges the CRM must hear of: when a known lead was merged into another, its id no
 * longer exists here. An anonymous visitor identified as a known lead is not announced: the CRM
 * never knew the visitor's id, and the lead's score change is announced as usual.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class MergeAnnouncements {
    @Inject
    StageChanges changes;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    void onMerged(@Observes LeadsMerged merged) {
        if (!merged.knownMerged()) {
            return;
        }
        LeadLifecycle lc = em.find(LeadLifecycle.class, merged.into().id);
        String stage = lc != null ? lc.stage : merged.score().stage;
        changes.recordMerge(merged.into(), merged.mergedIds(), stage, merged.score(), clock.instant());
    }
}
