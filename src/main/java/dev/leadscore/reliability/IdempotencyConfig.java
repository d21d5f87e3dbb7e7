package dev.leadscore.reliability;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "leadscore.idempotency")
public interface IdempotencyConfig {
    /**
     * How long the answer of a request sent with an {@code Idempotency-Key} is kept: a retry
     * within this window gets it again; after it, the same key runs as a new request. Keep it
     * longer than your clients' retry window.
     */
    @WithDefault("24h")
    Duration retention();

    /** How often answers older than the retention are deleted (a Quarkus scheduler expression such as 15m). */
    @WithDefault("15m")
    String purgeEvery();
}
