package dev.leadscore.rules;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "leadscore.rules")
public interface RulesConfig {
    /** Folder with one sub-folder per model. */
    @WithDefault("rules")
    String dir();

    /** The model a lead is scored with when none is given; the service does not start without it. */
    @WithDefault("sales-led")
    String defaultModel();

    /**
     * How often an instance checks the live versions in the database (and re-scoring jobs left by
     * a dead instance), besides hearing of changes by notification.
     */
    @WithDefault("5s")
    Duration syncInterval();
}
