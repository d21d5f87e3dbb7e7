package dev.leadscore.lifecycle;

import java.time.Instant;

import dev.leadscore.leads.LeadRecord;
import dev.leadscore.scoring.Ruleset;

/**
 * Fired synchronously, in the transaction of the change, after a lead's lifecycle was brought up
 * to date, so account-level logic can re-evaluate the lead's account (and the one it left).
 */
public record ContactChanged(LeadRecord lead, LeadLifecycle lifecycle, String previousAccountKey, Ruleset ruleset,
        Instant at) {
}
