package dev.leadscore.reliability;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "leadscore.limits")
public interface LimitsConfig {
    /** Largest request body announced by Content-Length (413 problem beyond it). */
    @WithDefault("4M")
    MemorySize maxBodySize();

    /** Events in one request (a batch, or the events of a stateless score). */
    @WithDefault("1000")
    int maxEventsPerBatch();

    /** Size of one event as JSON. */
    @WithDefault("16384")
    int maxEventBytes();
}
