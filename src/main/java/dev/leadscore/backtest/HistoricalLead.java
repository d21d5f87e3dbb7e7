package dev.leadscore.backtest;

import java.time.Instant;

import dev.leadscore.scoring.Lead;

/** One row of the leads CSV, read: the profile as the rules see it, the date to score as of, the outcome. */
record HistoricalLead(long line, String id, Lead lead, Instant asOf, boolean converted) {
}
