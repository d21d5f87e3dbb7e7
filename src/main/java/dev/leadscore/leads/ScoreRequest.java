package dev.leadscore.leads;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A stateless scoring request: nothing of it is stored. */
public record ScoreRequest(
        @Size(max = 64) String model,
        Instant asOf,
        @NotNull @Valid LeadProfile lead,
        @Size(max = 1000) List<@NotNull @Valid EventInput> events) {
}
