package dev.leadscore.leads;

import java.time.Instant;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.leadscore.scoring.ActivityEvent;

/** A behavioural event as integrations send it; {@code id} makes re-sending it harmless. */
public record EventInput(
        @NotBlank @Size(max = 200) String id,
        @NotBlank @Pattern(regexp = "[A-Za-z][A-Za-z0-9_.:-]{0,63}",
                message = "must start with a letter and use only letters, digits, _ . : - (at most 64)") String type,
        @NotNull Instant occurredAt,
        @Size(max = 100) Map<String, Object> properties) {

    ActivityEvent toFact() {
        return new ActivityEvent(id, type, occurredAt, properties);
    }
}
