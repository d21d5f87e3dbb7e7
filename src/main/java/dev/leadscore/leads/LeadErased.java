package dev.leadscore.leads;

import java.time.Instant;

/**
 * Fired synchronously, in the erasing transaction, after every row of a lead was removed, so the
 * account it belonged to (if any) can be re-evaluated without it.
 */
public record LeadErased(String model, String accountKey, Instant at) {
}
