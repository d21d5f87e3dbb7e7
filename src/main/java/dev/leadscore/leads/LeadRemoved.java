package dev.leadscore.leads;

import java.time.Instant;

/**
 * Fired synchronously, in the removing transaction, after a lead's rows were removed (erased, or
 * merged into another lead), so the account it belonged to (if any) is re-evaluated without it.
 */
public record LeadRemoved(String model, String accountKey, Instant at) {
}
