package dev.leadscore.scoring;

import java.util.List;

/** Stored leads read in id order, for what-if runs that score them under two versions. */
public interface StoredLeads {

    /** A stored lead as the rules see it. */
    record StoredLead(String id, Lead lead, List<ActivityEvent> events) {
    }

    /** Up to {@code limit} stored leads of {@code model} with ids after {@code afterId} (null: from the start), in id order. */
    List<StoredLead> storedLeads(String model, String afterId, int limit);
}
