package dev.leadscore.leads;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** One lead's part of a batch ingestion: the lead and the events to add to it. */
public record LeadEvents(String leadId, @NotNull List<@NotNull @Valid EventInput> events) {
}
