package dev.leadscore.leads;

import java.util.List;

/**
 * A page of leads was locked for re-scoring, in the current transaction. Observers that keep rows
 * per lead load theirs for the whole page here in one query, instead of one query per lead when
 * each {@link LeadScored} arrives.
 */
public record LeadsLocked(List<LeadRecord> leads) {
    public List<String> ids() {
        return leads.stream().map(l -> l.id).toList();
    }
}
